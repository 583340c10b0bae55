/**
 * Undo and redo for every change the user makes (tag, edit, delete, accept a suggestion, merge, link).
 * A command knows how to do and undo itself; both go through the SaveQueue, so the files on disk
 * follow the screen step by step, in order.
 */
export interface Command {
  /** Shown in notices: "Undid: tag as quote". */
  label: string
  /** Applies the change (on screen and, queued, on disk). Called again for redo. */
  apply(): void
  /** Reverses it. */
  revert(): void
}

const MAX_DEPTH = 500

export class UndoStack {
  private done: Command[] = []
  private undone: Command[] = []

  constructor(private readonly onChange: () => void = () => undefined) {}

  /** Applies a new command and records it; a new change clears the redo list. */
  run(command: Command): void {
    command.apply()
    this.done.push(command)
    if (this.done.length > MAX_DEPTH) this.done.shift()
    this.undone = []
    this.onChange()
  }

  undo(): Command | null {
    const command = this.done.pop()
    if (!command) return null
    command.revert()
    this.undone.push(command)
    this.onChange()
    return command
  }

  redo(): Command | null {
    const command = this.undone.pop()
    if (!command) return null
    command.apply()
    this.done.push(command)
    this.onChange()
    return command
  }

  /** Forgets everything (a different workspace was opened). */
  clear(): void {
    this.done = []
    this.undone = []
    this.onChange()
  }

  get canUndo(): boolean {
    return this.done.length > 0
  }

  get canRedo(): boolean {
    return this.undone.length > 0
  }
}
