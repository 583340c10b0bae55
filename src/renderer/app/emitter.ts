/**
 * Change events, VS Code style: an `Emitter` owns a list of listeners, exposes `event` for others to
 * subscribe with, and `fire`s values to them in order. Subscribing returns a `Disposable`.
 */
export interface Disposable {
  dispose(): void
}

export type Event<T> = (listener: (value: T) => void) => Disposable

export class Emitter<T> {
  private readonly listeners = new Set<(value: T) => void>()

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener)
    return { dispose: () => void this.listeners.delete(listener) }
  }

  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value)
  }

  dispose(): void {
    this.listeners.clear()
  }
}
