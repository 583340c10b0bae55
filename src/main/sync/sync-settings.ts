/**
 * Where a workspace syncs (`.spanwise/sync.json`): the database address (never a password), the
 * CouchDB user and the member name written as author. Written through the workspace's durable, no-follow
 * store like every other file in `.spanwise/`. The password is kept by the app in the OS keychain
 * (Electron's safeStorage, src/main/index.ts) and by the command line nowhere.
 */
import { join } from 'node:path'
import { z } from 'zod'
import { CollectionFile } from '../store/collection-file'
import { DATA_DIR } from '../store/data-dir'

const SyncSettingsData = z.strictObject({
  version: z.literal(1),
  url: z.string().max(2000).nullable(),
  username: z.string().max(200).nullable(),
  member: z.string().max(200).nullable(),
})
export type SyncSettingsData = z.infer<typeof SyncSettingsData>

const EMPTY: SyncSettingsData = { version: 1, url: null, username: null, member: null }

export class SyncSettings {
  private constructor(private readonly file: CollectionFile<SyncSettingsData>) {}

  static async open(workspaceRoot: string): Promise<SyncSettings> {
    return new SyncSettings(await CollectionFile.open(join(workspaceRoot, DATA_DIR, 'sync.json'), SyncSettingsData, EMPTY))
  }

  get data(): Readonly<SyncSettingsData> {
    return this.file.data
  }

  async set(next: Omit<SyncSettingsData, 'version'>): Promise<void> {
    await this.file.update(() => ({ next: { version: 1, ...next }, result: null }))
  }
}
