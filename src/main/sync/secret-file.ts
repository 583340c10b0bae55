/**
 * Sync passwords kept in the user-data folder (`sync-secrets.json`, never in a workspace), each
 * encrypted by the OS keychain through the cipher the host gives (Electron's safeStorage: Keychain,
 * DPAPI, libsecret/kwallet). Where the OS offers no encryption, nothing is kept: the user types the
 * password on each connect.
 */
import { join } from 'node:path'
import { z } from 'zod'
import { CollectionFile } from '../store/collection-file'
import type { SecretStore } from './workspace-sync'

export interface Cipher {
  available(): boolean
  encrypt(plain: string): Buffer
  decrypt(sealed: Buffer): string
}

const SecretsData = z.strictObject({ version: z.literal(1), secrets: z.record(z.string(), z.string()) })
type SecretsData = z.infer<typeof SecretsData>

export function secretFileStore(userDataDir: string, cipher: Cipher): SecretStore {
  let file: Promise<CollectionFile<SecretsData>> | null = null
  const open = () =>
    (file ??= CollectionFile.open(join(userDataDir, 'sync-secrets.json'), SecretsData, { version: 1, secrets: {} }))
  const change = async (key: string, sealed: string | null) =>
    (await open()).update((data) => {
      const { [key]: _old, ...rest } = data.secrets
      return { next: { ...data, secrets: sealed === null ? rest : { ...rest, [key]: sealed } }, result: null }
    })
  return {
    async save(key, secret) {
      if (!cipher.available()) return
      await change(key, cipher.encrypt(secret).toString('base64'))
    },
    async load(key) {
      const sealed = (await open()).data.secrets[key]
      if (!sealed || !cipher.available()) return null
      try {
        return cipher.decrypt(Buffer.from(sealed, 'base64'))
      } catch {
        return null // sealed by another user or machine: ask again
      }
    },
    async forget(key) {
      await change(key, null)
    },
  }
}
