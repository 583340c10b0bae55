import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { WorkbenchEvent } from '../../../src/shared/api'
import type { Host } from '../../../src/main/host'
import { WorkbenchService } from '../../../src/main/workbench-service'
import { SAMPLE_WORKSPACE } from '../../e2e/harness'
import { tempDir, writeFiles } from '../../helpers/fs'

function host(userDataDir: string, events: WorkbenchEvent[] = []): Host {
  return {
    chooseFolder: async () => null,
    chooseFiles: async () => [],
    chooseSavePath: async () => null,
    emit: (e) => events.push(e),
    sampleWorkspaceSource: SAMPLE_WORKSPACE,
    userDataDir,
  }
}

describe('WorkbenchService', () => {
  it('remembers the last workspace for the next start', async () => {
    const userData = tempDir('spanwise-user-')
    const root = tempDir()
    writeFiles(root, { 'a.txt': 'Hola' })
    const first = await WorkbenchService.create(host(userData))
    expect(first.lastWorkspace).toBeNull()
    await first.openWorkspace(root)
    await first.close()
    const second = await WorkbenchService.create(host(userData))
    expect(second.lastWorkspace).toBe(root)
    await second.close()
  })

  it('opens a copy of the shipped sample workspace, leaving the original untouched', async () => {
    const userData = tempDir('spanwise-user-')
    const events: WorkbenchEvent[] = []
    const service = await WorkbenchService.create(host(userData, events))
    const state = await service.openSampleWorkspace()
    expect(state.root.startsWith(userData)).toBe(true)
    expect(state.articles.length).toBeGreaterThanOrEqual(3)
    expect(events.some((e) => e.type === 'workspace-changed')).toBe(true)
    expect(existsSync(join(SAMPLE_WORKSPACE, '.spanwise'))).toBe(false)
    await service.close()
  })

  it('says what to do when no workspace is open', async () => {
    const service = await WorkbenchService.create(host(tempDir('spanwise-user-')))
    await expect(service.openArticle('abc')).rejects.toThrow(/Open a workspace first/)
    expect(await service.getWorkspace()).toBeNull()
  })
})
