/** App-wide settings in the user's data folder: for now, the workspace to reopen on the next start. */
import { join } from 'node:path'
import { z } from 'zod'
import { CollectionFile } from './store/collection-file'

const SETTINGS_VERSION = 1
const SettingsData = z.strictObject({
  version: z.literal(SETTINGS_VERSION),
  lastWorkspace: z.string().nullable().default(null),
})
type SettingsData = z.infer<typeof SettingsData>

export class Settings {
  private constructor(private readonly file: CollectionFile<SettingsData>) {}

  static async load(userDataDir: string): Promise<Settings> {
    const empty: SettingsData = { version: SETTINGS_VERSION, lastWorkspace: null }
    return new Settings(
      await CollectionFile.open(join(userDataDir, 'settings.json'), SettingsData, empty, undefined, { indent: 2 }),
    )
  }

  get lastWorkspace(): string | null {
    return this.file.data.lastWorkspace
  }

  async setLastWorkspace(root: string | null): Promise<void> {
    await this.file.update((data) => ({ next: { ...data, lastWorkspace: root }, result: null }))
  }
}
