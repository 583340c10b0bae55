/**
 * Keeps the workspace and the local replica equal, both ways, one job at a time:
 *
 * - out: the workspace's change events mark items dirty; a flush compares each with the revision the
 *   workspace last showed (its "base") and writes a new revision on top of it, by this member, now;
 * - in: the replica's change feed (a teammate's revisions, pulled by replication) is applied to the
 *   workspace through its modules, so the window follows by the model's events;
 * - conflicts: a document with several leaf revisions is a conflict. The workspace keeps showing the
 *   version it showed (this laptop's own); every version stays in the replica until the user keeps
 *   one or a merge (`resolve`). Nothing is ever dropped without that choice.
 *
 * After a restart the base of each document is found again by content (the leaf equal to what the
 * workspace holds), and `appliedSeq` tells a change received but not yet applied from one made
 * locally while sync was off.
 *
 * Over 500 lines on purpose: out, in, conflicts and bases share one queue and one map of bases, and
 * the rules that keep a change from being lost live in how those four read and write them together.
 */
import { Emitter, disposeAll, type Disposable, type Event } from '../../shared/event'
import { UserError } from '../../shared/errors'
import type { AuthorsByArticle, ConflictChoice, ConflictVersion, SyncConflict, SyncItemKind } from '../../shared/sync'
import { SerialQueue } from '../store/serial-queue'
import type { PouchChangesFeed, PouchDoc } from './pouch'
import type { Replica } from './replica'
import {
  articleDocId,
  contentKey,
  contentOf,
  itemDocId,
  kindOfDocId,
  parseArticleDoc,
  parseItemDoc,
  TEXT_ATTACHMENT,
  textDocId,
  type ArticleDoc,
  type ItemContent,
  type ItemDoc,
} from './sync-docs'
import { settleEntityMerges } from './entity-merges'
import type { LocalItem, WorkspaceItems } from './workspace-items'

export interface SyncCounts {
  /** Changes of this laptop written to the replica (acknowledged), by kind. */
  sent: Record<SyncItemKind | 'article', number>
  /** Teammates' changes applied to the workspace, by kind. */
  received: Record<SyncItemKind | 'article', number>
}

const emptyCounts = (): SyncCounts['sent'] => ({ annotation: 0, entity: 0, link: 0, metadata: 0, label: 0, article: 0 })

export class SyncEngine {
  private readonly queue = new SerialQueue()
  /** Per document: the revision the workspace shows and its content key. */
  private readonly base = new Map<string, { rev: string; key: string }>()
  /** Annotation documents in `base`, by the article's sync id. */
  private readonly annotationDocs = new Map<string, Set<string>>()
  private readonly conflictMap = new Map<string, SyncConflict>()
  /** Documents of articles this laptop does not have yet (applied when the text arrives). */
  private readonly waiting = new Set<string>()
  /** Articles whose text has not arrived yet, by content hash. */
  private readonly articlesAwaitingText = new Map<string, ArticleDoc>()
  /** Documents that a teammate changed while this laptop changed them too, before it applied theirs. */
  private readonly forkFromWinner = new Set<string>()
  private readonly dirty = {
    articles: new Set<string>(),
    entities: new Set<string>(),
    links: new Set<string>(),
    meta: new Set<string>(),
    content: new Set<string>(),
    labels: new Set<string>(),
  }
  private flushScheduled = false
  private readonly incoming = new Map<string, number | string>()
  private incomingScheduled = false
  private feed: PouchChangesFeed | null = null
  private subscriptions: Disposable[] = []
  private stopped = false
  readonly counts: SyncCounts = { sent: emptyCounts(), received: emptyCounts() }
  private readonly changed = new Emitter<void>()
  /** Conflicts appeared or were resolved, or a teammate's change was applied. */
  readonly onDidChange: Event<void> = this.changed.event
  private readonly received = new Emitter<{ articleIds: string[] }>()
  /** Teammates' changes were applied to these articles' annotations or details (local ids). */
  readonly onDidReceive: Event<{ articleIds: string[] }> = this.received.event
  /** Articles (sync ids) whose annotation documents got a new revision since the last announcement. */
  private readonly authorsTouched = new Set<string>()
  private readonly authorsEmitter = new Emitter<{ articleIds: string[] }>()
  /** Who last changed annotations of these articles (local ids) changed: sent from here, received or resolved. */
  readonly onDidChangeAuthors: Event<{ articleIds: string[] }> = this.authorsEmitter.event
  /** Told of a failure in a background job (the replicator shows it as its status). */
  onError: (error: unknown) => void = () => undefined

  constructor(
    private readonly items: WorkspaceItems,
    private readonly replica: Replica,
    private readonly member: string,
  ) {}

  private get workspace() {
    return this.items.workspace
  }

  /** Finds each document's base, sends what changed while sync was off, applies what arrived, then follows the workspace. */
  async start(): Promise<void> {
    await this.queue.run(async () => {
      const applied = await this.replica.appliedSeq()
      const unapplied = new Map<string, number | string>()
      const changes = await this.replica.db.changes({ since: applied })
      for (const c of changes.results) unapplied.set(c.id, c.seq)
      await this.findBases(new Set(unapplied.keys()))
      await this.sendAll(new Set(unapplied.keys()))
      await this.receive([...unapplied.keys()])
      await this.replica.setAppliedSeq(changes.last_seq)
      // Whoever follows from now on asks for the whole picture first (syncAuthors), then gets changes.
      this.authorsTouched.clear()
    })
    const events = this.workspace.events
    this.subscriptions.push(
      events.onDidChangeAnnotations(({ articleId }) => this.markDirty(this.dirty.articles, [articleId])),
      events.onDidChangeEntities(({ entityIds }) => this.markDirty(this.dirty.entities, entityIds)),
      events.onDidChangeLinks(({ linkIds }) => this.markDirty(this.dirty.links, linkIds)),
      events.onDidChangeArticles(({ articleIds, content }) => {
        this.markDirty(this.dirty.meta, articleIds)
        if (content) this.markDirty(this.dirty.content, articleIds)
      }),
      events.onDidChangeClaimStatuses(({ labels }) => this.markDirty(this.dirty.labels, labels)),
    )
  }

  /** Follows the replica's changes from now on (live replication writes teammates' revisions there). */
  async follow(): Promise<void> {
    const since = await this.replica.appliedSeq()
    this.feed = this.replica.db.changes({ since, live: true })
    this.feed.on('change', (change) => {
      this.incoming.set(change.id, change.seq)
      if (this.incomingScheduled) return
      this.incomingScheduled = true
      void this.queue
        .run(async () => {
          this.incomingScheduled = false
          if (this.stopped) return
          const batch = new Map(this.incoming)
          this.incoming.clear()
          await this.receive([...batch.keys()])
          await this.replica.setAppliedSeq(maxSeq([...batch.values()]))
        })
        .catch((error: unknown) => this.onError(error))
    })
    this.feed.on('error', (error) => this.onError(error))
  }

  /** Applies what replication brought since the last time (one-shot sync). */
  async receiveNow(): Promise<void> {
    await this.queue.run(async () => {
      const changes = await this.replica.db.changes({ since: await this.replica.appliedSeq() })
      await this.receive(changes.results.map((c) => c.id))
      await this.replica.setAppliedSeq(changes.last_seq)
    })
  }

  /** Resolves when every change seen so far is written to the replica and every arrival applied. */
  async idle(): Promise<void> {
    for (;;) {
      await this.queue.idle()
      if (!this.flushScheduled && !this.incomingScheduled) return
    }
  }

  conflicts(): SyncConflict[] {
    return [...this.conflictMap.values()]
  }

  /**
   * Who last changed each annotation, as the replica says (CouchDB's winning revision of each): of these
   * articles (local ids; each present, empty when none), or of the whole workspace.
   */
  async authors(localIds?: readonly string[]): Promise<AuthorsByArticle> {
    const result: AuthorsByArticle = {}
    for (const id of localIds ?? []) result[id] = {}
    const prefixes = localIds ? localIds.map((id) => `annotation:${this.items.syncArticleId(id)}:`) : ['annotation:']
    for (const prefix of prefixes) {
      const rows = await this.replica.db.allDocs({ include_docs: true, startkey: prefix, endkey: `${prefix}\uffff` })
      for (const row of rows.rows) {
        const doc = row.doc && parseItemDoc(row.doc)
        if (!doc || doc.removed) continue
        const [, syncArticle, annotationId] = row.id.split(':')
        const localId = this.items.localArticleId(syncArticle)
        if (localId && annotationId) (result[localId] ??= {})[annotationId] = { author: doc.author, changedAt: doc.changedAt }
      }
    }
    return result
  }

  /** Documents written to the replica and not yet applied or sent: none when idle. */
  get busy(): boolean {
    return this.flushScheduled || this.incomingScheduled
  }

  async stop(): Promise<void> {
    this.stopped = true
    disposeAll(this.subscriptions)
    this.feed?.cancel()
    await this.queue.idle()
    this.changed.dispose()
    this.received.dispose()
    this.authorsEmitter.dispose()
  }

  // ── Out: the workspace's changes to the replica ─────────────────────────────────────────────

  private markDirty(set: Set<string>, ids: readonly string[]): void {
    for (const id of ids) set.add(id)
    if (this.flushScheduled || this.stopped) return
    this.flushScheduled = true
    void this.queue
      .run(async () => {
        this.flushScheduled = false
        if (!this.stopped) await this.flush()
      })
      .catch((error: unknown) => this.onError(error))
  }

  private async flush(): Promise<void> {
    const take = (set: Set<string>) => {
      const ids = [...set]
      set.clear()
      return ids
    }
    for (const localId of take(this.dirty.articles)) await this.sendArticleAnnotations(localId)
    for (const id of take(this.dirty.entities)) await this.send(this.items.entityItem(id))
    for (const id of take(this.dirty.links)) await this.send({ docId: itemDocId('link', id), content: this.items.link(id) })
    for (const localId of take(this.dirty.meta))
      if (this.workspace.library.has(localId)) await this.send(this.items.metadata(localId))
    for (const localId of take(this.dirty.content)) await this.sendArticle(localId)
    if (take(this.dirty.labels).length) for (const label of this.items.labels()) await this.send(label)
    this.announceAuthors()
  }

  /** Sends everything that differs from the replica (start): own articles, then every item. */
  private async sendAll(unapplied: ReadonlySet<string>): Promise<void> {
    for (const entry of this.workspace.library.values()) {
      if (entry.error || entry.ocrPending) continue
      await this.sendArticle(entry.id)
      await this.send(this.items.metadata(entry.id))
    }
    for (const item of [...this.items.entities(), ...this.items.links(), ...this.items.labels()]) await this.send(item)
    const present = new Set<string>()
    for (const entry of this.workspace.library.values()) {
      for (const item of await this.items.annotationsOf(entry.id)) {
        present.add(item.docId)
        await this.send(item)
      }
    }
    // Items the replica has and the workspace lost while sync was off: deleted here.
    for (const docId of [...this.base.keys()]) {
      if (present.has(docId) || unapplied.has(docId) || kindOfDocId(docId) === 'label') continue
      const content = await this.localContentOf(docId)
      if (content?.removed) await this.send({ docId, content, ...this.extrasOf(docId) })
    }
  }

  private async sendArticleAnnotations(localId: string): Promise<void> {
    if (!this.workspace.library.has(localId)) return
    const items = await this.items.annotationsOf(localId)
    const present = new Set(items.map((i) => i.docId))
    for (const item of items) await this.send(item)
    const syncId = this.items.syncArticleId(localId)
    for (const docId of this.annotationDocs.get(syncId) ?? []) {
      if (!present.has(docId)) await this.send({ docId, content: { removed: true, value: null }, articleId: syncId })
    }
  }

  /** What a removed item's document carries besides its content: its article, or the entity it was merged into. */
  private extrasOf(docId: string): Partial<LocalItem> {
    const kind = kindOfDocId(docId)
    if (kind === 'annotation') return { articleId: docId.split(':')[1] }
    if (kind === 'entity') return { mergedInto: this.items.entityItem(docId.slice('entity:'.length)).mergedInto }
    return {}
  }

  /** Writes an item's content on top of its base when it differs from it. */
  private async send(item: LocalItem): Promise<void> {
    const kind = kindOfDocId(item.docId) as SyncItemKind
    const key = contentKey(item.content)
    const base = this.base.get(item.docId)
    if (base?.key === key) return
    if (!base && (item.content.removed || (kind === 'metadata' && isEmpty(item.content.value)))) return
    const doc: PouchDoc = {
      _id: item.docId,
      type: kind,
      author: this.member,
      changedAt: new Date().toISOString(),
      ...(item.articleId ? { articleId: item.articleId } : {}),
      ...(item.textHash ? { textHash: item.textHash } : {}),
      ...(item.content.removed ? { removed: true, value: null } : { value: item.content.value }),
      ...(item.content.removed && item.mergedInto ? { mergedInto: item.mergedInto } : {}),
      ...(!item.content.removed && item.absorbed?.length ? { absorbed: item.absorbed } : {}),
    }
    let parent = base?.rev ?? null
    if (this.forkFromWinner.delete(item.docId) && base) parent = await this.parentOf(item.docId, base.rev)
    const rev = await this.replica.putAfter(doc, parent)
    this.setBase(item.docId, rev, key)
    this.counts.sent[kind]++
  }

  /** An own article's text (once per content) and its article document. */
  private async sendArticle(localId: string): Promise<void> {
    const entry = this.workspace.library.get(localId)
    if (!entry || entry.error || entry.ocrPending || !this.items.isOwnArticle(localId)) return
    const docId = articleDocId(localId)
    const existing = parseArticleDoc((await this.replica.leaves(docId))[0] ?? { _id: docId })
    if (existing && existing.contentHash === entry.contentHash) return
    const loaded = await this.workspace.store.loadText(entry).catch(() => null)
    if (!loaded) return
    const textId = textDocId(loaded.contentHash)
    if ((await this.replica.leaves(textId)).length === 0) {
      await this.replica.putAfter(
        {
          _id: textId,
          type: 'text',
          _attachments: { [TEXT_ATTACHMENT]: { content_type: 'text/plain', data: Buffer.from(loaded.text, 'utf8') } },
        },
        null,
      )
    }
    const doc = {
      _id: docId,
      type: 'article',
      path: existing?.path ?? entry.path,
      contentHash: loaded.contentHash,
      author: this.member,
      changedAt: new Date().toISOString(),
    }
    await this.replica.putAfter(doc, existing?._rev ?? null)
    this.items.noteArticle(doc as ArticleDoc)
    this.counts.sent.article++
  }

  // ── In: the replica's documents to the workspace ────────────────────────────────────────────

  private async receive(received: readonly string[]): Promise<void> {
    const toApply: ItemDoc[] = []
    let articlesWritten = false
    // Two merges of the same entities settle first (the same way on every laptop), then apply as any change.
    const entityIds = received.filter((id) => kindOfDocId(id) === 'entity').map((id) => id.slice('entity:'.length))
    const settled = entityIds.length ? await settleEntityMerges(this.replica, entityIds) : []
    const ids = [...new Set([...received, ...settled])]
    for (const id of ids) {
      const kind = kindOfDocId(id)
      if (kind === 'article') articlesWritten = (await this.receiveArticle(id)) || articlesWritten
      else if (kind === 'text') {
        const waitingArticle = this.articlesAwaitingText.get(id.slice('text:'.length))
        if (waitingArticle) articlesWritten = (await this.receiveArticle(waitingArticle._id)) || articlesWritten
      } else if (kind) {
        const doc = await this.receiveItem(id)
        if (doc) toApply.push(doc)
      }
    }
    if (articlesWritten) {
      // The new files join the library; then the documents that waited for them are applied.
      await this.workspace.refresh()
      const ready = [...this.waiting].filter((id) => this.items.localArticleId(id.split(':')[1]))
      for (const id of ready) this.waiting.delete(id)
      for (const id of ready) {
        const doc = await this.receiveItem(id)
        if (doc) toApply.push(doc)
      }
    }
    if (toApply.length === 0) return
    const { applied, waiting } = await this.items.apply(toApply)
    for (const doc of waiting) this.waiting.add(doc._id)
    for (const doc of applied) this.counts.received[doc.type]++
    const articleIds = new Set<string>()
    for (const doc of applied) {
      const syncId = doc.articleId ?? (doc.type === 'metadata' ? doc._id.slice('metadata:'.length) : undefined)
      const localId = syncId && this.items.localArticleId(syncId)
      if (localId) articleIds.add(localId)
    }
    if (articleIds.size) this.received.fire({ articleIds: [...articleIds] })
    this.announceAuthors()
    this.changed.fire()
  }

  /** Records a document's leaves (and its conflict); returns the version to apply when the workspace differs. */
  private async receiveItem(id: string): Promise<ItemDoc | null> {
    let leaves = await this.liveLeaves(id)
    if (leaves.length === 0) return null
    // The same change made on both sides (a label both added, a mention both moved to the same entity):
    // one revision of it is enough (CouchDB's winner, else the lowest revision, so both laptops keep the same).
    const byContent = new Map<string, ItemDoc>()
    for (const leaf of [leaves[0], ...leaves.slice(1).sort((a, b) => (a._rev! < b._rev! ? -1 : 1))])
      if (!byContent.has(contentKey(contentOf(leaf)))) byContent.set(contentKey(contentOf(leaf)), leaf)
    if (byContent.size < leaves.length) {
      const kept = new Set(byContent.values())
      await this.replica.dropLeaves(
        id,
        leaves.filter((l) => !kept.has(l)).map((l) => l._rev!),
      )
      leaves = leaves.filter((l) => kept.has(l))
    }
    const shown = this.chooseShown(id, leaves)
    this.recordConflict(id, shown, leaves)
    const local = await this.localContentOf(id)
    if (local === undefined) {
      this.waiting.add(id)
      return null
    }
    const key = contentKey(contentOf(shown))
    const localKey = contentKey(local)
    const base = this.base.get(id)
    if (localKey === key) {
      this.setBase(id, shown._rev!, key)
      return null
    }
    if (base?.rev === shown._rev) return null // nothing new: the difference is this laptop's change on its way out
    // Changed here and not yet written to the replica: that write goes beside this revision (a conflict
    // shown to the user), so the workspace keeps its own version meanwhile.
    if (base ? localKey !== base.key : !local.removed && !isEmpty(local.value)) return null
    this.setBase(id, shown._rev!, key)
    return shown
  }

  /** The document's valid leaf revisions, the winner first. */
  private async liveLeaves(id: string): Promise<ItemDoc[]> {
    return (await this.replica.leaves(id))
      .filter((d) => !d._deleted)
      .map(parseItemDoc)
      .filter((d): d is ItemDoc => d !== null)
  }

  private async receiveArticle(id: string): Promise<boolean> {
    const doc = parseArticleDoc((await this.replica.leaves(id))[0] ?? { _id: id })
    if (!doc) return false
    this.items.noteArticle(doc)
    if (this.items.localArticleId(id.slice('article:'.length))) return false
    const text = await this.replica.db
      .get(textDocId(doc.contentHash), { attachments: true, binary: true })
      .then((t) => t._attachments?.[TEXT_ATTACHMENT]?.data)
      .catch(() => undefined)
    if (text === undefined) {
      this.articlesAwaitingText.set(doc.contentHash, doc)
      return false
    }
    this.articlesAwaitingText.delete(doc.contentHash)
    const written = await this.items.receiveArticle(
      doc,
      Buffer.isBuffer(text) ? text.toString('utf8') : Buffer.from(text, 'base64').toString('utf8'),
    )
    if (written) this.counts.received.article++
    return written
  }

  /** Which leaf the workspace shows: the one it showed, else this member's latest, else CouchDB's winner. */
  private chooseShown(id: string, leaves: readonly ItemDoc[]): ItemDoc {
    if (leaves.length === 1) return leaves[0]
    const base = this.base.get(id)
    const showing = base && leaves.find((l) => l._rev === base.rev)
    if (showing) return showing
    const mine = leaves.filter((l) => l.author === this.member).sort((a, b) => b.changedAt.localeCompare(a.changedAt))
    return mine[0] ?? leaves[0]
  }

  private recordConflict(id: string, shown: ItemDoc, leaves: readonly ItemDoc[]): void {
    const had = this.conflictMap.has(id)
    if (leaves.length < 2) {
      if (had) {
        this.conflictMap.delete(id)
        this.changed.fire()
      }
      return
    }
    const version = (d: ItemDoc): ConflictVersion => ({
      rev: d._rev!,
      author: d.author,
      changedAt: d.changedAt,
      removed: d.removed === true,
      value: d.removed ? null : d.value,
    })
    const articleId = shown.articleId ?? (shown.type === 'metadata' ? id.slice('metadata:'.length) : undefined)
    this.conflictMap.set(id, {
      id,
      kind: shown.type,
      ...(articleId ? { articleId: this.items.localArticleId(articleId) ?? articleId } : {}),
      itemId: id
        .slice(id.indexOf(':') + 1)
        .split(':')
        .pop()!,
      mine: version(shown),
      theirs: leaves.filter((l) => l !== shown).map(version),
      ...(shown.type === 'entity' && leaves.some((l) => l.mergedFrom) ? { crossedMerge: true } : {}),
    })
    this.changed.fire()
  }

  /**
   * Ends a conflict as the user chose: their own version, a teammate's, or a merge of their own making
   * becomes the next revision, and the other leaves are removed. The workspace shows the result.
   */
  async resolve(id: string, choice: ConflictChoice): Promise<void> {
    await this.queue.run(async () => {
      const leaves = await this.liveLeaves(id)
      if (leaves.length < 2) throw new UserError('That conflict is resolved already', 'not-found')
      const shown = this.chooseShown(id, leaves)
      let content: ItemContent
      let source: ItemDoc | undefined = shown
      if (choice.keep === 'mine') content = contentOf(shown)
      else if (choice.keep === 'theirs') {
        source = leaves.find((l) => l !== shown && (!choice.rev || l._rev === choice.rev))
        if (!source) throw new UserError('That version is no longer there', 'not-found')
        content = contentOf(source)
      } else {
        source = undefined
        const merged = parseItemDoc({ ...shown, removed: false, value: choice.value })
        if (!merged) throw new UserError('The merged version is not valid for this item')
        content = contentOf(merged)
      }
      const { mergedInto: _m, absorbed: _a, mergedFrom: _f, ...body } = stripRev(shown)
      const doc: PouchDoc = {
        ...body,
        author: this.member,
        changedAt: new Date().toISOString(),
        ...(content.removed ? { removed: true, value: null } : { removed: false, value: content.value }),
        ...(content.removed && source?.mergedInto ? { mergedInto: source.mergedInto } : {}),
        ...(!content.removed && source?.absorbed ? { absorbed: source.absorbed } : {}),
      }
      const rev = await this.replica.putAfter(doc, shown._rev!)
      await this.replica.dropLeaves(
        id,
        leaves.filter((l) => l !== shown).map((l) => l._rev!),
      )
      const key = contentKey(content)
      this.setBase(id, rev, key)
      this.conflictMap.delete(id)
      const local = await this.localContentOf(id)
      if (local && contentKey(local) !== key) {
        const parsed = parseItemDoc({ ...doc, _rev: rev })
        if (parsed) await this.items.apply([parsed])
      }
      const syncArticle = shown.articleId ?? (shown.type === 'metadata' ? id.slice('metadata:'.length) : undefined)
      const localArticle = syncArticle && this.items.localArticleId(syncArticle)
      if (localArticle) this.received.fire({ articleIds: [localArticle] })
      this.announceAuthors()
      this.changed.fire()
    })
  }

  // ── Bases ─────────────────────────────────────────────────────────────────────────────────────

  /** After a restart: each document's base is the leaf equal to what the workspace holds. */
  private async findBases(unapplied: ReadonlySet<string>): Promise<void> {
    const all = await this.replica.db.allDocs({ include_docs: true, conflicts: true })
    for (const row of all.rows) {
      const kind = kindOfDocId(row.id)
      if (!row.doc || !kind || kind === 'text') continue
      if (kind === 'article') {
        const article = parseArticleDoc(row.doc)
        if (article) this.items.noteArticle(article)
        continue
      }
      const leaves = (row.doc._conflicts?.length ? await this.replica.leaves(row.id) : [row.doc])
        .filter((d) => !d._deleted)
        .map(parseItemDoc)
        .filter((d): d is ItemDoc => d !== null)
      if (leaves.length === 0) continue
      const local = await this.localContentOf(row.id)
      const localKey = local && contentKey(local)
      const matching = leaves.find((l) => contentKey(contentOf(l)) === localKey)
      const base = matching ?? this.chooseShown(row.id, leaves)
      this.setBase(row.id, base._rev!, contentKey(contentOf(base)))
      // Changed here while sync was off, and by a teammate since: this laptop's version goes beside theirs.
      if (!matching && unapplied.has(row.id) && local && !local.removed) this.forkFromWinner.add(row.id)
      if (leaves.length > 1) this.recordConflict(row.id, base, leaves)
    }
  }

  /** The revision before `rev` (null for a first revision), for a branch beside it. */
  private async parentOf(id: string, rev: string): Promise<string | null> {
    const doc = await this.replica.db.get(id, { rev, revs: true })
    const history = doc._revisions
    if (!history || history.ids.length < 2) return null
    return `${history.start - 1}-${history.ids[1]}`
  }

  private setBase(docId: string, rev: string, key: string): void {
    this.base.set(docId, { rev, key })
    if (kindOfDocId(docId) === 'annotation') {
      const articleId = docId.split(':')[1]
      let docs = this.annotationDocs.get(articleId)
      if (!docs) this.annotationDocs.set(articleId, (docs = new Set()))
      docs.add(docId)
      this.authorsTouched.add(articleId)
    }
  }

  /** Tells who changed annotations of the articles touched since the last time (their local ids). */
  private announceAuthors(): void {
    const articleIds = [...this.authorsTouched].map((id) => this.items.localArticleId(id)).filter((id) => id !== undefined)
    this.authorsTouched.clear()
    if (articleIds.length) this.authorsEmitter.fire({ articleIds })
  }

  /** What the workspace holds for a document; undefined when it cannot know (an article it does not have). */
  private async localContentOf(docId: string): Promise<ItemContent | undefined> {
    const kind = kindOfDocId(docId)
    const rest = docId.slice(docId.indexOf(':') + 1)
    if (kind === 'entity') return this.items.entity(rest)
    if (kind === 'link') return this.items.link(rest)
    // A label is never removed: one this laptop lacks is a teammate's to add.
    if (kind === 'label')
      return this.workspace.claimLabels.custom().includes(rest) ? { removed: false, value: rest } : { removed: true, value: null }
    if (kind === 'metadata') {
      const localId = this.items.localArticleId(rest)
      return localId ? this.items.metadata(localId).content : undefined
    }
    if (kind === 'annotation') {
      const [articleId, annotationId] = rest.split(':')
      const localId = this.items.localArticleId(articleId)
      if (!localId) return undefined
      const file = await this.workspace.store.annotationFile(localId)
      const a = file.data.annotations.find((x) => x.id === annotationId)
      return a ? { removed: false, value: a } : { removed: true, value: null }
    }
    return undefined
  }
}

function stripRev(doc: PouchDoc): PouchDoc {
  const { _rev: _r, _conflicts: _c, _revisions: _h, ...rest } = doc
  return rest
}

function isEmpty(value: unknown): boolean {
  return !value || (typeof value === 'object' && Object.keys(value).length === 0)
}

function maxSeq(seqs: readonly (number | string)[]): number | string {
  return seqs.reduce((a, b) => (typeof a === 'number' && typeof b === 'number' ? Math.max(a, b) : b))
}
