/** A service whose events a test keeps (testHost), and the library the window would hold from those events. */
import type { WorkbenchEvent } from '../../src/shared/api'
import { applyLibraryDelta } from '../../src/shared/library-delta'
import type { WorkspaceState } from '../../src/shared/model'
import { WorkbenchService } from '../../src/main/workbench-service'
import { Workspace, type WorkspaceOptions } from '../../src/main/workspace/workspace'
import { expect, vi } from 'vitest'
import { testHost } from './host'

/** A WorkbenchService over testHost(), with the events it sent. */
export async function serviceWithEvents(): Promise<{ service: WorkbenchService; events: WorkbenchEvent[] }> {
  const events: WorkbenchEvent[] = []
  return { service: await WorkbenchService.create(testHost({ events })), events }
}

/** The last whole state with every delta after it applied in order; a delta that does not fit fails the test. */
export function windowLibrary(events: readonly WorkbenchEvent[]): WorkspaceState | null {
  let state: WorkspaceState | null = null
  for (const e of events) {
    if (e.type === 'workspace-changed') state = e.state
    else if (e.type === 'library-delta' && state) {
      state = applyLibraryDelta(state, e.delta)
      if (!state) throw new Error(`delta ${e.delta.seq} did not fit the state before it`)
    }
  }
  return state
}

/** Waits until the window's library (from `events`) equals main's whole state, and returns that state. */
export async function windowAgrees(service: WorkbenchService, events: readonly WorkbenchEvent[]): Promise<WorkspaceState> {
  return vi.waitFor(
    async () => {
      const now = (await service.getWorkspace())!
      expect(windowLibrary(events)!.articles).toEqual(now.articles)
      return now
    },
    { timeout: 30_000, interval: 100 },
  )
}

/** Every Workspace.open (the service's own among them) with `options` added; restore the result when done. */
export function openingWith(options: WorkspaceOptions): { mockRestore(): void } {
  const open = Workspace.open
  return vi.spyOn(Workspace, 'open').mockImplementation((r, given) => open.call(Workspace, r, { ...given, ...options }))
}
