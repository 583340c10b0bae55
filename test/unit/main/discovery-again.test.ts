/**
 * Finding names again: with nothing changed the proposals are the same; an article edited since is read
 * again and its new names proposed, its old ones gone; an article removed takes its names with it.
 */
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { WorkbenchService } from '../../../src/main/workbench-service'
import { tempDir, writeFiles } from '../../helpers/fs'
import { testHost } from '../../helpers/host'
import { waitFor } from '../../helpers/wait'

const names = async (service: WorkbenchService) => (await service.suggestEntities()).map((p) => p.name)

describe('entity discovery again', () => {
  it('gives the same proposals when nothing changed, and follows edited and removed articles', async () => {
    const root = tempDir()
    writeFiles(root, {
      'puerto.txt': 'La alcaldesa Lucía Beltrán visitó el puerto de Valparaíso con el concejal Ramón Ibáñez.',
      'obras.txt': 'El ingeniero Tomás Salgado presentó las obras del muelle en Arequipa.',
    })
    const service = await WorkbenchService.create(testHost())
    await service.openWorkspace(root)
    await service.settled()

    const first = await service.suggestEntities()
    expect(first.map((p) => p.name)).toEqual(expect.arrayContaining(['Lucía Beltrán', 'Tomás Salgado']))
    expect(await service.suggestEntities(), 'nothing changed: the same proposals').toEqual(first)

    writeFileSync(join(root, 'obras.txt'), 'La ingeniera Irene Castro presentó las obras del muelle en Arequipa.')
    await waitFor(async () => (await names(service)).includes('Irene Castro'), 'the edited article’s new name', 60_000)
    expect(await names(service)).not.toContain('Tomás Salgado')
    expect(await names(service)).toContain('Lucía Beltrán')

    rmSync(join(root, 'puerto.txt'))
    await waitFor(async () => !(await names(service)).includes('Lucía Beltrán'), 'the removed article’s names gone', 60_000)
    expect(await names(service)).toContain('Irene Castro')
    await service.close()
  })
})
