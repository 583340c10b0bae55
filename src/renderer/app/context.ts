/**
 * What every controller of the window shares: the API client, the session state, the entity registry's
 * copy, the undo stack, the save queue and a way to tell the user something.
 */
import type { WorkbenchClient } from '../../shared/api'
import type { Annotation } from '../../shared/model'
import type { EntityStore } from './entity-store'
import { errorText } from './error-text'
import type { SaveQueue } from './save-queue'
import type { Session } from './session'
import type { Command, UndoStack } from './undo'

export type NoticeLevel = 'info' | 'error'

export interface AppContext {
  readonly api: WorkbenchClient
  readonly session: Session
  readonly entities: EntityStore
  readonly undo: UndoStack
  readonly saves: SaveQueue
  notify(message: string, level: NoticeLevel): void
}

/** Runs an API call, turning a failure into a notice. */
export async function call<T>(ctx: AppContext, run: () => Promise<T>): Promise<T | null> {
  try {
    return await run()
  } catch (error) {
    ctx.notify(errorText(error), 'error')
    return null
  }
}

/** A new annotation as the renderer first shows it, before main confirms it. */
export function draftAnnotation(
  kind: Annotation['kind'],
  range: { start: number; end: number },
  exact: string,
  attributes: Record<string, unknown>,
  note = '',
): Annotation {
  const now = new Date().toISOString()
  return {
    id: crypto.randomUUID(),
    kind,
    start: range.start,
    end: range.end,
    exact,
    prefix: '',
    suffix: '',
    note,
    tags: [],
    createdAt: now,
    updatedAt: now,
    attributes,
  } as unknown as Annotation
}

/** Several commands as one undoable step (undone in reverse order). */
export function group(label: string, commands: readonly Command[]): Command {
  return {
    label,
    apply: () => commands.forEach((c) => c.apply()),
    revert: () => [...commands].reverse().forEach((c) => c.revert()),
  }
}
