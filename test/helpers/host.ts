/** A Host for main-process tests: no dialogs, events collected in `events`, user data in `userDataDir`. */
import type { Host } from '../../src/main/host'
import type { WorkbenchEvent } from '../../src/shared/api'

export function testHost(userDataDir: string, events: WorkbenchEvent[] = []): Host {
  return {
    chooseFolder: async () => null,
    chooseFiles: async () => [],
    chooseSavePath: async () => null,
    emit: (e) => events.push(e),
    sampleWorkspaceSource: userDataDir,
    userDataDir,
  }
}
