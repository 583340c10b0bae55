/**
 * The interface language is remembered in the user's settings: a settings file from before languages
 * reads as "follow the system", a choice survives a restart, and the service tells the window.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { WorkbenchEvent } from '../../../src/shared/api'
import { Settings } from '../../../src/main/settings'
import { WorkbenchService } from '../../../src/main/workbench-service'
import { tempDir } from '../../helpers/fs'
import { testHost } from '../../helpers/host'

describe('the language setting', () => {
  it('follows the system when a settings file predates it, and keeps a choice', async () => {
    const dir = tempDir('spanwise-user-')
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ version: 1, lastWorkspace: '/tmp/x' }))
    const before = await Settings.load(dir)
    expect(before.language).toBe('system')
    expect(before.lastWorkspace).toBe('/tmp/x')
    await before.setLanguage('es')
    const after = await Settings.load(dir)
    expect(after.language).toBe('es')
    expect(after.lastWorkspace).toBe('/tmp/x')
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).language).toBe('es')
  })

  it('is changed through the service, which tells the window', async () => {
    const events: WorkbenchEvent[] = []
    const host = testHost({ events })
    const service = await WorkbenchService.create(host)
    expect(await service.getLanguage()).toBe('system')
    await service.setLanguage('es')
    expect(events).toContainEqual({ type: 'language', preference: 'es' })
    expect(await (await WorkbenchService.create(host)).getLanguage()).toBe('es')
  })
})
