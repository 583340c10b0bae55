/** App-wide settings in the user's data folder: the workspace to reopen on the next start, the interface language. */
import { join } from 'node:path'
import { z } from 'zod'
import { LANGUAGE_PREFERENCES, type LanguagePreference } from '../shared/i18n'
import { CollectionFile } from './store/collection-file'

const SETTINGS_VERSION = 1
const SettingsData = z.strictObject({
  version: z.literal(SETTINGS_VERSION),
  lastWorkspace: z.string().nullable().default(null),
  /** 'system' follows the OS's language (a settings file from before languages has none: the same). */
  language: z.enum(LANGUAGE_PREFERENCES).default('system'),
})
type SettingsData = z.infer<typeof SettingsData>

export class Settings {
  private constructor(private readonly file: CollectionFile<SettingsData>) {}

  static async load(userDataDir: string): Promise<Settings> {
    const empty: SettingsData = { version: SETTINGS_VERSION, lastWorkspace: null, language: 'system' }
    return new Settings(
      await CollectionFile.open(join(userDataDir, 'settings.json'), SettingsData, empty, undefined, { indent: 2 }),
    )
  }

  get lastWorkspace(): string | null {
    return this.file.data.lastWorkspace
  }

  get language(): LanguagePreference {
    return this.file.data.language
  }

  async setLanguage(language: LanguagePreference): Promise<void> {
    await this.file.update((data) => ({ next: { ...data, language }, result: null }))
  }

  async setLastWorkspace(root: string | null): Promise<void> {
    await this.file.update((data) => ({ next: { ...data, lastWorkspace: root }, result: null }))
  }
}
