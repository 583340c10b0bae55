/**
 * A Host (src/main/host.ts) for a WorkbenchService under Node, in tests and in the bench: every
 * dialog cancelled unless the caller answers it, events pushed to `events` when given, a user-data
 * folder of its own and no sample workspace.
 *
 *   const events: WorkbenchEvent[] = []
 *   const service = await WorkbenchService.create(testHost({ events }))
 */
import { join } from 'node:path'
import type { WorkbenchEvent } from '../../src/shared/api'
import type { Host } from '../../src/main/host'
import { tempDir } from './fs'

export interface TestHostOptions extends Partial<Host> {
  /** Where the events the service pushes to the window go, in order. */
  events?: WorkbenchEvent[]
}

export function testHost({ events, ...answers }: TestHostOptions = {}): Host {
  const userDataDir = answers.userDataDir ?? tempDir('spanwise-user-')
  // An answer left undefined keeps the default.
  const given = Object.fromEntries(Object.entries(answers).filter(([, value]) => value !== undefined)) as Partial<Host>
  return {
    chooseFolder: async () => null,
    chooseFiles: async () => [],
    chooseSavePath: async () => null,
    emit: (event) => void events?.push(event),
    sampleWorkspaceSource: join(userDataDir, 'no-sample'),
    ...given,
    userDataDir,
  }
}
