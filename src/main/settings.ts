/**
 * App-wide settings in the user's data folder: the workspace to reopen on the next start, the recent
 * workspaces (newest first), the reader's view (folded panels, text size, reading mode:
 * shared/view-settings.ts) and
 * the interface language.
 */
import { join } from 'node:path'
import { z } from 'zod'
import { LANGUAGE_PREFERENCES, type LanguagePreference } from '../shared/i18n'
import { DEFAULT_VIEW_SETTINGS, RECENT_LIMIT, ViewSettings, type ViewSettingsPatch } from '../shared/view-settings'
import { CollectionFile } from './store/collection-file'

const SETTINGS_VERSION = 1
/** The view as stored: a settings file from before reading mode was remembered has none (off). */
const StoredView = ViewSettings.extend({ readingMode: z.boolean().default(false) })
const SettingsData = z.strictObject({
  version: z.literal(SETTINGS_VERSION),
  lastWorkspace: z.string().nullable().default(null),
  recentWorkspaces: z.array(z.string()).max(100).default([]),
  view: StoredView.default(DEFAULT_VIEW_SETTINGS),
  /** 'system' follows the OS's language (a settings file from before languages has none: the same). */
  language: z.enum(LANGUAGE_PREFERENCES).default('system'),
})
type SettingsData = z.infer<typeof SettingsData>

export class Settings {
  private constructor(private readonly file: CollectionFile<SettingsData>) {}

  static async load(userDataDir: string): Promise<Settings> {
    const empty: SettingsData = {
      version: SETTINGS_VERSION,
      lastWorkspace: null,
      recentWorkspaces: [],
      view: DEFAULT_VIEW_SETTINGS,
      language: 'system',
    }
    return new Settings(
      await CollectionFile.open(join(userDataDir, 'settings.json'), SettingsData, empty, undefined, { indent: 2 }),
    )
  }

  get lastWorkspace(): string | null {
    return this.file.data.lastWorkspace
  }

  get recentWorkspaces(): readonly string[] {
    return this.file.data.recentWorkspaces
  }

  get view(): ViewSettings {
    return this.file.data.view
  }

  get language(): LanguagePreference {
    return this.file.data.language
  }

  async setLanguage(language: LanguagePreference): Promise<void> {
    await this.file.update((data) => ({ next: { ...data, language }, result: null }))
  }

  /** Remembers the workspace just opened: reopened next time, first in the recent list. */
  async setLastWorkspace(root: string | null): Promise<void> {
    await this.file.update((data) => ({
      next: {
        ...data,
        lastWorkspace: root,
        recentWorkspaces: root
          ? [root, ...data.recentWorkspaces.filter((p) => p !== root)].slice(0, RECENT_LIMIT)
          : data.recentWorkspaces,
      },
      result: null,
    }))
  }

  /** Takes a workspace off the recent list (and off the start, if it was the last one). */
  async forgetWorkspace(root: string): Promise<void> {
    await this.file.update((data) => ({
      next: {
        ...data,
        lastWorkspace: data.lastWorkspace === root ? null : data.lastWorkspace,
        recentWorkspaces: data.recentWorkspaces.filter((p) => p !== root),
      },
      result: null,
    }))
  }

  async updateView(patch: ViewSettingsPatch): Promise<ViewSettings> {
    return this.file.update((data) => {
      const view = ViewSettings.parse({ ...data.view, ...patch })
      return { next: { ...data, view }, result: view }
    })
  }
}
