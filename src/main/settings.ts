/** App-wide settings in the user's data folder: for now, the workspace to reopen on the next start. */
import { join } from 'node:path'
import { Low } from 'lowdb'
import { z } from 'zod'
import { DurableJsonFile } from './store/durable-json-file'

const SETTINGS_VERSION = 1
const SettingsData = z.strictObject({
  version: z.literal(SETTINGS_VERSION),
  lastWorkspace: z.string().nullable().default(null),
})
type SettingsData = z.infer<typeof SettingsData>

export class Settings {
  private constructor(private readonly db: Low<SettingsData>) {}

  static async load(userDataDir: string): Promise<Settings> {
    const adapter = new DurableJsonFile(join(userDataDir, 'settings.json'), SettingsData, {
      version: SETTINGS_VERSION,
      indent: 2,
    })
    const db = new Low<SettingsData>(adapter, { version: SETTINGS_VERSION, lastWorkspace: null })
    await db.read()
    return new Settings(db)
  }

  get lastWorkspace(): string | null {
    return this.db.data.lastWorkspace
  }

  async setLastWorkspace(root: string | null): Promise<void> {
    this.db.data = { ...this.db.data, lastWorkspace: root }
    await this.db.write()
  }
}
