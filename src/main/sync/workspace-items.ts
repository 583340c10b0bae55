/**
 * The workspace as the replicator sees it: what it holds for each replicated document (read from the
 * durable store through the Workspace's modules) and how a teammate's change is applied (through the
 * same modules, so the window and search follow it by the model's events).
 *
 * Article ids are the hash of the file's path, so a teammate with the same file has the same id. A
 * teammate without the file gets the text written as a new file of the workspace at the same path (a
 * `.txt` beside any other format's name: `report.docx` arrives as `report.docx.txt`), never over an
 * existing file; `localArticleId` / `syncArticleId` map between the two names of such an article.
 */
import { constants, promises as fs } from 'node:fs'
import { join } from 'node:path'
import type { Annotation, ArticleMetadata, Entity, Link } from '../../shared/model'
import { O_NOFOLLOW } from '../store/safe-fs'
import { DATA_DIR } from '../store/data-dir'
import { articleIdFor } from '../workspace/article-ids'
import type { Workspace } from '../workspace/workspace'
import { annotationDocId, itemDocId, type ArticleDoc, type ItemContent, type ItemDoc } from './sync-docs'

/** What the workspace holds for a document, with what its document carries besides the value. */
export interface LocalItem {
  docId: string
  content: ItemContent
  articleId?: string
  textHash?: string
  /** An entity merged away: the entity it was merged into. */
  mergedInto?: string
  /** A present entity: the entities merged into it. */
  absorbed?: string[]
}

export class WorkspaceItems {
  /** Paths of the articles teammates shared, by sync id (from their article documents). */
  private readonly sharedPaths = new Map<string, string>()

  constructor(readonly workspace: Workspace) {}

  noteArticle(doc: ArticleDoc): void {
    this.sharedPaths.set(doc._id.slice('article:'.length), doc.path)
  }

  sharedPath(syncId: string): string | undefined {
    return this.sharedPaths.get(syncId)
  }

  /** The local id of an article by its sync id; undefined when this laptop does not have it. */
  localArticleId(syncId: string): string | undefined {
    const library = this.workspace.library
    if (library.has(syncId)) return syncId
    const path = this.sharedPaths.get(syncId)
    if (!path) return undefined
    const received = articleIdFor(receivedPath(path))
    return library.has(received) ? received : undefined
  }

  /** The id teammates know an article by. */
  syncArticleId(localId: string): string {
    const path = this.workspace.library.get(localId)?.path
    if (path?.endsWith('.txt')) {
      const original = articleIdFor(path.slice(0, -'.txt'.length))
      if (this.sharedPaths.has(original) && !this.workspace.library.has(original)) return original
    }
    return localId
  }

  /** Whether the article is this laptop's own file (not one written from a teammate's text under another name). */
  isOwnArticle(localId: string): boolean {
    return this.syncArticleId(localId) === localId
  }

  /** The annotations of an article as documents' contents (present ones only). */
  async annotationsOf(localId: string): Promise<LocalItem[]> {
    const syncId = this.syncArticleId(localId)
    const file = await this.workspace.store.annotationFile(localId)
    const textHash = file.data.textHash || undefined
    return file.data.annotations.map((a) => ({
      docId: annotationDocId(syncId, a.id),
      content: { removed: false, value: a },
      articleId: syncId,
      textHash,
    }))
  }

  entities(): LocalItem[] {
    const absorbed = this.absorbed()
    return this.workspace.registry.entities().map((e) => ({
      docId: itemDocId('entity', e.id),
      content: { removed: false, value: e },
      ...(absorbed.has(e.id) ? { absorbed: absorbed.get(e.id) } : {}),
    }))
  }

  entity(id: string): ItemContent {
    const e = this.workspace.registry.byId(id)
    return e ? { removed: false, value: e } : { removed: true, value: null }
  }

  /** An entity's document content, with the entity it was merged into (merged away) or those merged into it. */
  entityItem(id: string): LocalItem {
    const content = this.entity(id)
    const docId = itemDocId('entity', id)
    if (!content.removed) {
      const absorbed = this.absorbed().get(id)
      return { docId, content, ...(absorbed ? { absorbed } : {}) }
    }
    const mergedInto = this.workspace.registry.mergedInto(id)
    return { docId, content, ...(mergedInto ? { mergedInto } : {}) }
  }

  /** The entities merged into each entity, from the registry's merged-away map. */
  private absorbed(): Map<string, string[]> {
    const byKept = new Map<string, string[]>()
    for (const [from, to] of Object.entries(this.workspace.registry.mergedAway()))
      byKept.set(to, [...(byKept.get(to) ?? []), from])
    return byKept
  }

  links(): LocalItem[] {
    return this.workspace.links
      .all()
      .map((l) => ({ docId: itemDocId('link', l.id), content: { removed: false, value: this.linkOut(l) } }))
  }

  link(id: string): ItemContent {
    const l = this.workspace.links.all().find((x) => x.id === id)
    return l ? { removed: false, value: this.linkOut(l) } : { removed: true, value: null }
  }

  metadata(localId: string): LocalItem {
    const syncId = this.syncArticleId(localId)
    return {
      docId: itemDocId('metadata', syncId),
      content: { removed: false, value: this.workspace.metadata.of(localId) },
      articleId: syncId,
    }
  }

  labels(): LocalItem[] {
    return this.workspace.claimLabels
      .custom()
      .map((l) => ({ docId: itemDocId('label', l), content: { removed: false, value: l } }))
  }

  private linkOut(link: Link): Link {
    const end = (e: Link['from']) => ({ ...e, articleId: this.syncArticleId(e.articleId) })
    return { ...link, from: end(link.from), to: end(link.to) }
  }

  private linkIn(link: Link): Link {
    const end = (e: Link['from']) => ({ ...e, articleId: this.localArticleId(e.articleId) ?? e.articleId })
    return { ...link, from: end(link.from), to: end(link.to) }
  }

  /**
   * Applies teammates' versions to the workspace, grouped (one write per article and per file). Items
   * of an article this laptop does not have yet are left out and returned: they are applied when the
   * article arrives.
   */
  async apply(docs: readonly ItemDoc[]): Promise<{ applied: ItemDoc[]; waiting: ItemDoc[] }> {
    const applied: ItemDoc[] = []
    const waiting: ItemDoc[] = []
    const byArticle = new Map<string, ItemDoc[]>()
    const entities: ItemDoc[] = []
    const links: ItemDoc[] = []
    for (const doc of docs) {
      if (doc.type === 'annotation' || doc.type === 'metadata') {
        const localId = this.localArticleId(doc.articleId ?? doc._id.slice(doc._id.indexOf(':') + 1))
        if (!localId) {
          waiting.push(doc)
          continue
        }
        byArticle.set(localId, [...(byArticle.get(localId) ?? []), doc])
      } else if (doc.type === 'entity') entities.push(doc)
      else if (doc.type === 'link') links.push(doc)
      else if (doc.type === 'label' && !doc.removed) {
        await this.workspace.claimLabels.add(doc.value as string)
        applied.push(doc)
      } else applied.push(doc)
    }
    if (entities.length) {
      const removed = entities.filter((d) => d.removed)
      await this.workspace.registry.applySynced(
        entities.filter((d) => !d.removed).map((d) => d.value as Entity),
        removed.map((d) => d._id.slice('entity:'.length)),
        Object.fromEntries(removed.filter((d) => d.mergedInto).map((d) => [d._id.slice('entity:'.length), d.mergedInto!])),
      )
      applied.push(...entities)
    }
    for (const [localId, group] of byArticle) {
      const annotations = group.filter((d) => d.type === 'annotation')
      if (annotations.length) {
        await this.workspace.annotations.applySynced(
          localId,
          annotations.filter((d) => !d.removed).map((d) => d.value as Annotation),
          annotations.filter((d) => d.removed).map((d) => d._id.slice(d._id.lastIndexOf(':') + 1)),
          annotations.find((d) => d.textHash)?.textHash,
        )
      }
      for (const meta of group.filter((d) => d.type === 'metadata'))
        await this.workspace.metadata.applySynced(localId, meta.removed ? {} : (meta.value as ArticleMetadata))
      applied.push(...group)
    }
    if (links.length) {
      await this.workspace.links.applySynced(
        links.filter((d) => !d.removed).map((d) => this.linkIn(d.value as Link)),
        links.filter((d) => d.removed).map((d) => d._id.slice('link:'.length)),
      )
      applied.push(...links)
    }
    return { applied, waiting }
  }

  /**
   * Writes a teammate's article text as a new file of the workspace, when this laptop has no article by
   * that name: never over an existing file, never through a link, never into `.spanwise/`. Returns
   * whether it wrote one.
   */
  async receiveArticle(doc: ArticleDoc, text: string): Promise<boolean> {
    this.noteArticle(doc)
    const syncId = doc._id.slice('article:'.length)
    if (this.localArticleId(syncId)) return false
    const target = safeRelativePath(receivedPath(doc.path))
    if (!target) return false
    const root = this.workspace.root
    let folder = root
    for (const part of target.slice(0, -1)) {
      folder = join(folder, part)
      const stat = await fs.lstat(folder).catch(() => null)
      if (stat && !stat.isDirectory()) return false // a link or a file where a folder should be: not followed
      if (!stat) await fs.mkdir(folder).catch(() => undefined)
    }
    let handle: fs.FileHandle
    try {
      handle = await fs.open(join(root, ...target), constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW, 0o644)
    } catch {
      return false // there is a file (or anything) by that name: the user's own, left alone
    }
    try {
      await handle.writeFile(text, 'utf8')
      await handle.datasync()
    } finally {
      await handle.close()
    }
    return true
  }
}

/** The name a teammate's article gets here: its own when a text file, else with `.txt` added. */
export function receivedPath(path: string): string {
  return path.toLowerCase().endsWith('.txt') ? path : `${path}.txt`
}

/** A teammate's relative path as safe parts: no absolute path, no `..`, nothing in `.spanwise/`; null when not. */
export function safeRelativePath(path: string): string[] | null {
  // eslint-disable-next-line no-control-regex -- refusing control characters in a path is the point
  if (path.length > 1000 || /[\\:\u0000-\u001f]/.test(path)) return null
  const parts = path.split('/')
  if (parts.some((p) => p === '' || p === '.' || p === '..' || p.length > 255)) return null
  if (parts[0] === DATA_DIR || parts.some((p) => p.toLowerCase() === DATA_DIR)) return null
  return parts
}
