/**
 * A small typed event emitter in the style of VS Code's `Emitter<T>`: the owner keeps the emitter and
 * fires it; others see only its `event`, subscribe with a listener and get back a `Disposable` that
 * unsubscribes. Listeners run synchronously, in subscription order; one that throws does not stop the
 * others (the error is reported through `onListenerError`, by default rethrown later).
 */

export interface Disposable {
  dispose(): void
}

/** Subscribes a listener; dispose the result to unsubscribe. */
export type Event<T> = (listener: (e: T) => void) => Disposable

export class Emitter<T> {
  private listeners: ((e: T) => void)[] = []

  constructor(private readonly onListenerError: (error: unknown) => void = rethrowLater) {}

  readonly event: Event<T> = (listener) => {
    this.listeners.push(listener)
    return {
      dispose: () => {
        this.listeners = this.listeners.filter((l) => l !== listener)
      },
    }
  }

  fire(e: T): void {
    // A copy: a listener that unsubscribes (or subscribes) while being told changes the next firing only.
    for (const listener of [...this.listeners]) {
      try {
        listener(e)
      } catch (error) {
        this.onListenerError(error)
      }
    }
  }

  dispose(): void {
    this.listeners = []
  }
}

/** Disposes several subscriptions at once. */
export function disposeAll(disposables: Disposable[]): void {
  for (const d of disposables.splice(0)) d.dispose()
}

function rethrowLater(error: unknown): void {
  queueMicrotask(() => {
    throw error
  })
}
