/**
 * Entity discovery over a workspace runs in the background: while it works, the app keeps answering
 * (the library is listed again and again), the window hears how far it is, and Cancel stops it with
 * code 'cancelled' (the next run still finds every name); closing the workspace meanwhile ends it the same way.
 */
import { describe, expect, it } from 'vitest'
import { WorkbenchService } from '../../../src/main/workbench-service'
import type { WorkbenchEvent } from '../../../src/shared/api'
import { WorkbenchError } from '../../../src/shared/errors'
import { tempDir, writeFiles } from '../../helpers/fs'
import { testHost } from '../../helpers/host'
import { waitFor } from '../../helpers/wait'

const FIRST = ['Lucía', 'Ramón', 'Elena', 'Tomás', 'Irene', 'Pablo', 'Carmen', 'Hugo']
const LAST = ['Beltrán', 'Ibáñez', 'Salgado', 'Ortega', 'Vidal', 'Romero', 'Castro', 'Molina', 'Herrera']
const PLACES = ['Valparaíso', 'Cádiz', 'Rosario', 'Arequipa']

/** `count` short news stories, each naming a few people and a place, with a few paragraphs of text. */
function stories(count: number): Record<string, string> {
  const files: Record<string, string> = {}
  for (let i = 0; i < count; i++) {
    const person = `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}`
    const other = `${FIRST[(i + 3) % FIRST.length]} ${LAST[(i * 5 + 2) % LAST.length]}`
    const place = PLACES[i % PLACES.length]
    const paragraph = `La alcaldesa ${person} presentó el presupuesto del puerto de ${place} ante el concejo, según fuentes municipales. El concejal ${other} pidió revisar los contratos de obras y las cifras del informe técnico.`
    files[`desk-${Math.floor(i / 50)}/story-${i}.txt`] = Array.from({ length: 6 }, () => paragraph).join('\n\n')
  }
  return files
}

/** A service with 200 stories open and its library filled in, and the events it pushed. */
async function openStories(): Promise<{ service: WorkbenchService; events: WorkbenchEvent[] }> {
  const root = tempDir()
  writeFiles(root, stories(200))
  const events: WorkbenchEvent[] = []
  const service = await WorkbenchService.create(testHost({ events }))
  await service.openWorkspace(root)
  await service.settled()
  return { service, events }
}

/**
 * Starts a discovery and waits until it is under way (some progress heard); gives how it ends
 * ('finished', or its error's code).
 */
async function underWay(service: WorkbenchService, events: WorkbenchEvent[]): Promise<{ outcome: Promise<string> }> {
  const outcome = service.suggestEntities().then(
    () => 'finished',
    (error: unknown) => (error instanceof WorkbenchError ? error.code : 'other error'),
  )
  await waitFor(() => events.some((e) => e.type === 'progress' && e.task === 'discovery' && e.done > 0), 'progress', 60_000)
  return { outcome }
}

describe('entity discovery in the background', () => {
  it('keeps answering while it runs, reports progress, and finds the names', async () => {
    const { service, events } = await openStories()
    let finished = false
    const running = service.suggestEntities().finally(() => (finished = true))
    // The library is listed again and again while discovery runs: each answer comes before it ends.
    let answersMeanwhile = 0
    while (!finished) {
      // A request arrives as an event (IPC in the app), after whatever else is queued.
      await new Promise((resolve) => setImmediate(resolve))
      const state = await service.getWorkspace()
      expect(state?.articles).toHaveLength(200)
      if (!finished) answersMeanwhile++
    }
    const proposals = await running
    console.log(`discovery over 200 articles: ${answersMeanwhile} library answers while it ran`)
    expect(answersMeanwhile).toBeGreaterThan(1)
    const progress = events.filter((e) => e.type === 'progress' && e.task === 'discovery')
    expect(progress.length).toBeGreaterThanOrEqual(2)
    const last = progress.at(-1)
    expect(last?.type === 'progress' && last.done === last.total).toBe(true)
    expect(proposals.map((p) => p.name)).toEqual(expect.arrayContaining(['Lucía Beltrán', 'Valparaíso']))
    await service.close()
  })

  it('stops on Cancel with code cancelled; the next run finds every name', async () => {
    const { service, events } = await openStories()
    // Cancel once it is under way (some progress heard, not yet at the end).
    const { outcome } = await underWay(service, events)
    await service.cancelEntityDiscovery()
    const result = await outcome
    // A fast machine may finish before the cancel arrives; otherwise the run stops with 'cancelled'.
    expect(['cancelled', 'finished']).toContain(result)
    console.log(`cancel: ${result}`)
    const proposals = await service.suggestEntities()
    expect(proposals.map((p) => p.name)).toEqual(expect.arrayContaining(['Lucía Beltrán', 'Valparaíso']))
    await service.close()
  })

  it('ends as cancelled when the workspace closes while it runs', async () => {
    const { service, events } = await openStories()
    const { outcome } = await underWay(service, events)
    await service.close()
    // A fast machine may finish before the close; otherwise the run ends as cancelled (it never hangs).
    const result = await outcome
    expect(['cancelled', 'finished']).toContain(result)
    console.log(`closed while finding names: ${result}`)
  })
})
