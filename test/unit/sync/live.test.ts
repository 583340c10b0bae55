/**
 * Two teammates and a server: live replication both ways, through the workspaces' own services, with
 * the author on each change.
 */
import { describe, expect, it, vi } from 'vitest'
import {
  ARTICLE,
  ARTICLE_TEXT,
  anaAndBen,
  annotationsOf,
  articleId,
  claimDraft,
  connectLive,
  member,
  waitFor,
  serverForFile,
} from '../../helpers/sync'

// Two teammates, a server and their replicas on a busy 2-core machine: generous, the waits bound each step.
vi.setConfig({ testTimeout: 180_000 })

const { server, team } = serverForFile()

describe('live sync between two teammates', () => {
  it('carries annotations, entities, links and edits both ways while both are connected', async () => {
    const url = server().url('port-story')
    const [ana, ben] = await anaAndBen(team)
    await connectLive(url, ana, ben)

    await ana.workspace.createAnnotation(articleId, claimDraft('claim-ana', 1))
    await waitFor(async () => (await annotationsOf(ben)).has('claim-ana'), "ana's claim on ben's laptop")

    await ben.workspace.updateAnnotation(articleId, 'claim-ana', {
      note: 'checked with the port authority',
      attributes: { status: 'accurate' },
    })
    await waitFor(
      async () => (await annotationsOf(ana)).get('claim-ana')?.note === 'checked with the port authority',
      "ben's note on ana's laptop",
    )
    expect((await annotationsOf(ana)).get('claim-ana')?.status).toBe('accurate')

    const entity = await ben.workspace.createEntity({ id: 'ent-chao', name: 'Mar Chao', type: 'person' })
    await waitFor(() => ana.workspace.registry.byId('ent-chao')?.name === entity.name, 'the entity on ana')
    await ana.workspace.createAnnotation(articleId, {
      ...claimDraft('ent-1', 5),
      kind: 'entity',
      attributes: { entityId: 'ent-chao', entityType: 'person' },
    })
    await ana.workspace.createLink({
      id: 'link-1',
      from: { articleId, annotationId: 'claim-ana' },
      to: { articleId, annotationId: 'ent-1' },
      relation: 'supports',
    })
    await waitFor(() => ben.workspace.links.all().some((l) => l.id === 'link-1'), 'the link on ben')

    await ana.workspace.deleteAnnotation(articleId, 'ent-1')
    await waitFor(async () => !(await annotationsOf(ben)).has('ent-1'), 'the delete on ben')
    await waitFor(() => !ben.workspace.links.all().some((l) => l.id === 'link-1'), 'the link gone on ben')
    await ana.workspace.updateMetadata(articleId, { outlet: 'Levante' })
    await waitFor(() => ben.workspace.metadata.of(articleId).outlet === 'Levante', 'the outlet on ben')
    await ben.workspace.addClaimStatus('needs a source')
    await waitFor(() => ana.workspace.claimStatuses().includes('needs a source'), 'the label on ana')

    await waitFor(() => ana.sync!.status().state === 'synced' && ben.sync!.status().state === 'synced', 'both synced')
    expect(ana.sync!.conflicts()).toEqual([])
    expect(ben.sync!.status().lastSync).not.toBeNull()
  })

  it('gives a teammate without the file the article text, as a new file, never over an existing one', async () => {
    const url = server().url('texts')
    const ana = await member('ana', {
      [ARTICLE]: ARTICLE_TEXT,
      'notas/nota.md': '# Nota\n\nEl consejero habló de 1.200 millones.\n',
    })
    const ben = await member('ben', { 'mine.txt': 'Ben tiene su propio texto.\n' })
    team.push(ana, ben)
    await ana.workspace.createAnnotation(articleId, claimDraft('claim-1', 2))
    await connectLive(url, ana, ben)
    await waitFor(async () => (await annotationsOf(ben)).has('claim-1'), 'the claim with its article on ben')
    expect((await ben.workspace.openArticle(articleId)).text).toBe(ARTICLE_TEXT)
    await waitFor(() => ben.workspace.articles().some((a) => a.path === 'notas/nota.md.txt'), 'the markdown note as text on ben')
    await waitFor(() => ana.workspace.articles().some((a) => a.path === 'mine.txt'), "ben's article on ana")
  })
})
