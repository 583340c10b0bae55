/**
 * Errors cross every transport as a Reply carrying a code (src/shared/errors.ts): what the renderer's
 * save queue and dialogs branch on. Checked here through the same dispatcher Electron's IPC and the test
 * harness use, and the same client the window uses to unwrap replies.
 */
import { randomUUID } from 'node:crypto'
import { chmodSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { WorkbenchBridge, WorkbenchHandlers } from '../../../src/shared/api'
import { WORKBENCH_METHODS } from '../../../src/shared/api-methods'
import { WorkbenchError, hasErrorCode, type Reply } from '../../../src/shared/errors'
import { dispatchReply } from '../../../src/main/api-dispatch'
import { WorkbenchService } from '../../../src/main/workbench-service'
import { connect } from '../../../src/renderer/workbench-client'
import { tempDir, writeFiles } from '../../helpers/fs'
import { testHost } from '../../helpers/host'

/** A bridge as the preload builds it, over the dispatcher, with the reply serialised as IPC would. */
function bridgeOver(service: WorkbenchHandlers): WorkbenchBridge {
  const bridge: Record<string, unknown> = { onEvent: () => () => undefined }
  for (const method of WORKBENCH_METHODS) {
    bridge[method] = async (...args: unknown[]) => JSON.parse(JSON.stringify(await dispatchReply(service, method, args)))
  }
  return bridge as WorkbenchBridge
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run()
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection')
}

/** A workspace of one article, open in a service, and that article opened through the window's client. */
async function openedThroughClient() {
  const root = tempDir()
  writeFiles(root, { 'a.txt': 'Hola, mundo.' })
  const service = await WorkbenchService.create(testHost())
  const state = await service.openWorkspace(root)
  const client = connect(bridgeOver(service))
  const articleId = state.articles[0].id
  await client.openArticle(articleId)
  return { root, service, client, articleId }
}

describe('errors cross the boundary as codes', () => {
  it('answers a result, or a code and one line, and never throws', async () => {
    const service = await WorkbenchService.create(testHost())
    const unknown = (await dispatchReply(service, 'noSuchMethod', [])) as Reply<unknown>
    expect(unknown).toEqual({ ok: false, error: { code: 'invalid-request', message: 'Unknown request' } })
    const malformed = (await dispatchReply(service, 'openArticle', [42])) as Reply<unknown>
    expect(malformed.ok === false && malformed.error.code).toBe('invalid-request')
    const noWorkspace = (await dispatchReply(service, 'openArticle', ['a'.repeat(16)])) as Reply<unknown>
    expect(noWorkspace.ok === false && noWorkspace.error.code).toBe('no-workspace')
    const state = (await dispatchReply(service, 'getWorkspace', [])) as Reply<unknown>
    expect(state).toEqual({ ok: true, value: null })
    await service.close()
  })

  it('a write the disk refuses reaches the window as a storage error it can retry, whatever the message says', async () => {
    if (process.getuid?.() === 0) {
      // Root writes through permissions; the storage code is still checked on a thrown errno below.
      const service = {
        getWorkspace: async () => {
          throw Object.assign(new Error('EACCES: permission denied, open /x/.spanwise/y.tmp'), { code: 'EACCES' })
        },
      } as unknown as WorkbenchHandlers
      const error = await failure(() => connect(bridgeOver(service)).getWorkspace())
      expect(hasErrorCode(error, 'storage')).toBe(true)
      expect((error as Error).message).toBe('Could not save: no permission to write in the workspace folder (EACCES)')
      return
    }
    const { root, service, client, articleId } = await openedThroughClient()
    chmodSync(join(root, '.spanwise', 'annotations'), 0o500)
    try {
      const error = await failure(() => client.createAnnotation(articleId, { id: randomUUID(), kind: 'claim', start: 0, end: 4 }))
      expect(error).toBeInstanceOf(WorkbenchError)
      expect(hasErrorCode(error, 'storage')).toBe(true)
    } finally {
      chmodSync(join(root, '.spanwise', 'annotations'), 0o700)
      await service.close()
    }
  })

  it('a refused request is not a storage error, so the window drops it instead of retrying', async () => {
    const { service, client, articleId } = await openedThroughClient()
    const error = await failure(() => client.createAnnotation(articleId, { id: randomUUID(), kind: 'claim', start: 5, end: 6 }))
    expect(error).toBeInstanceOf(WorkbenchError)
    expect(hasErrorCode(error, 'storage')).toBe(false)
    expect((error as Error).message).toMatch(/white space/)
    await service.close()
  })
})
