/**
 * Room to read: the side panels fold away, a reading mode hides everything but the text, and the
 * article's text size goes up and down (Ctrl/Cmd + and −, 0 to reset). The folds, the size and reading
 * mode are the user's settings, remembered across restarts by main (shared/view-settings.ts); reading
 * mode ends with Escape. Dark mode needs nothing here: the colours follow the OS through
 * `prefers-color-scheme` (theme.css).
 */
import type { WorkbenchClient } from '../../shared/api'
import { DEFAULT_VIEW_SETTINGS, TEXT_SIZE, type ViewSettings, type ViewSettingsPatch } from '../../shared/view-settings'
import { msg } from '../../shared/i18n'
import { h } from './dom'
import { Emitter } from './emitter'

export class Room {
  private settings: ViewSettings = DEFAULT_VIEW_SETTINGS
  private readonly changeEmitter = new Emitter<void>()
  readonly onDidChange = this.changeEmitter.event
  /** Shown over the text in reading mode: the way out. */
  readonly leaveButton = h(
    'button',
    { class: 'sw-leave-reading', hidden: true, onclick: () => this.setReading(false), title: msg('room.leaveReadingTitle') },
    msg('room.leaveReading'),
  )

  constructor(
    private readonly api: WorkbenchClient,
    private readonly body: HTMLElement,
  ) {}

  /** Applies the remembered settings (the window starts with the defaults until they arrive). */
  async load(): Promise<void> {
    this.settings = await this.api.getViewSettings().catch(() => DEFAULT_VIEW_SETTINGS)
    this.apply()
  }

  get libraryFolded(): boolean {
    return this.settings.libraryFolded
  }
  get panelFolded(): boolean {
    return this.settings.panelFolded
  }
  get isReading(): boolean {
    return this.settings.readingMode
  }
  get textSize(): number {
    return this.settings.textSize
  }

  toggleLibrary(): void {
    this.change({ libraryFolded: !this.settings.libraryFolded })
  }

  togglePanel(): void {
    this.change({ panelFolded: !this.settings.panelFolded })
  }

  setReading(on: boolean): void {
    if (on !== this.settings.readingMode) this.change({ readingMode: on })
  }

  /** One step bigger or smaller (±1 px), or back to the usual size (0). */
  textStep(delta: -1 | 0 | 1): void {
    const size = delta === 0 ? TEXT_SIZE.default : this.settings.textSize + delta
    this.change({ textSize: Math.min(TEXT_SIZE.max, Math.max(TEXT_SIZE.min, size)) })
  }

  private change(patch: ViewSettingsPatch): void {
    this.settings = { ...this.settings, ...patch }
    this.apply()
    // Remembered in the background; the screen does not wait for it, and a failure only costs the memory.
    void this.api.setViewSettings(patch).catch(() => undefined)
  }

  private apply(): void {
    const b = this.body
    b.classList.toggle('is-library-folded', this.settings.libraryFolded)
    b.classList.toggle('is-panel-folded', this.settings.panelFolded)
    document.documentElement.classList.toggle('is-reading', this.settings.readingMode)
    document.documentElement.style.setProperty('--sw-text-size', `${this.settings.textSize}px`)
    this.leaveButton.hidden = !this.settings.readingMode
    this.changeEmitter.fire()
  }
}
