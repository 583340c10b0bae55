/**
 * The commands that change annotations: tag a selection, edit, delete, re-attach, and undo/redo. Each
 * change is a Command on the undo stack: the session shows it at once and the SaveQueue sends it to
 * main, so the disk follows the screen step by step, through undo and redo too.
 */
import { t } from '../../shared/i18n'
import type { Annotation, AnnotationKind, AnnotationPatch, Link } from '../../shared/model'
import type { TextRange } from '../article-view'
import type { ArticleHost } from './article-host'
import { draftAnnotation, type AppContext } from './context'
import { askText } from './dialogs'
import { errorText } from './error-text'
import type { Command } from './undo'

export class AnnotationCommands {
  constructor(
    private readonly ctx: AppContext,
    private readonly host: ArticleHost,
  ) {}

  tagSelection(kind: AnnotationKind): void {
    const range = this.host.view?.selection()
    if (!range) return this.ctx.notify(t('tagging.selectFirst'), 'info')
    this.tag(kind, range)
  }

  /** Tags a range: on screen now (next frame), durable once main confirms. */
  tag(kind: AnnotationKind, range: TextRange): void {
    const article = this.ctx.session.article
    const view = this.host.view
    if (!article || !view) return
    // Tags hug the words: surrounding spaces selected by a double-click or shift+arrow are left out.
    let { start, end } = range
    while (start < end && /\s/.test(article.text[start])) start++
    while (end > start && /\s/.test(article.text[end - 1])) end--
    if (end <= start) return this.ctx.notify(t('tagging.whiteSpace'), 'info')
    const attributes =
      kind === 'quote' ? { speaker: '', mode: 'direct' } : kind === 'claim' ? { status: 'unchecked' } : { entityType: 'person' }
    const local = draftAnnotation(kind, { start, end }, article.text.slice(start, end), attributes)
    this.ctx.undo.run(this.createCommand(article.id, local, t(`undo.tag_${kind}`)))
    // Collapse the selection after the tag, so the next drag starts a new selection. After the highlight
    // is in the DOM: moving the DOM selection makes the browser lay out, and this way once, not twice.
    view.setSelection({ start: end, end })
    this.ctx.session.select(local.id)
    if (kind === 'entity') this.autoLinkEntity(local)
  }

  /** A new mention whose text is exactly a registry name or alias is linked to that entity at once. */
  private autoLinkEntity(a: Annotation): void {
    const text = a.exact.toLocaleLowerCase()
    const match = this.ctx.entities.all().find((e) => [e.name, ...e.aliases].some((t) => t.toLocaleLowerCase() === text))
    if (match) this.edit(a.id, { attributes: { entityId: match.id } }, `link to ${match.name}`)
  }

  /** Creating an annotation; its undo deletes it, and redo puts back exactly what main confirmed. */
  createCommand(articleId: string, annotation: Annotation, label: string): Command {
    const { api, session, saves } = this.ctx
    let confirmed: Annotation | null = null
    let links: Link[] = []
    return {
      label,
      apply: () => {
        session.addAnnotation(articleId, confirmed ?? annotation)
        saves.push(
          async () => {
            const saved = confirmed
              ? await api.restoreAnnotation(articleId, confirmed, links)
              : await api.createAnnotation(articleId, {
                  id: annotation.id,
                  kind: annotation.kind,
                  start: annotation.start,
                  end: annotation.end,
                  attributes: annotation.attributes,
                  note: annotation.note,
                  tags: annotation.tags,
                })
            confirmed = saved
            session.replaceAnnotation(articleId, saved)
          },
          (error) => {
            session.removeAnnotation(articleId, annotation.id)
            this.ctx.notify(t('tagging.notTagged', { reason: errorText(error) }), 'error')
          },
        )
      },
      revert: () => {
        session.removeAnnotation(articleId, annotation.id)
        saves.push(
          async () => {
            links = await api.deleteAnnotation(articleId, annotation.id)
            session.linkTargetsChanged(articleId)
          },
          (error) => this.ctx.notify(t('undo.failed', { reason: errorText(error) }), 'error'),
        )
      },
    }
  }

  edit(id: string, patch: AnnotationPatch, label = t('undo.edit')): void {
    const article = this.ctx.session.article
    const current = this.ctx.session.annotation(id)
    if (!article || !current) return
    this.ctx.undo.run(this.editCommand(article.id, current, patch, label))
  }

  /** An edit; its undo applies the inverse patch (attributes absent before are removed with null). */
  editCommand(articleId: string, before: Annotation, patch: AnnotationPatch, label: string): Command {
    const { api, session, saves } = this.ctx
    const inverse: AnnotationPatch = {}
    if (patch.attributes) {
      const previous = before.attributes as Record<string, unknown>
      inverse.attributes = Object.fromEntries(Object.keys(patch.attributes).map((k) => [k, previous[k] ?? null]))
    }
    if (patch.note !== undefined) inverse.note = before.note
    if (patch.tags !== undefined) inverse.tags = before.tags
    const send = (p: AnnotationPatch, fallback: Annotation) => {
      session.patchAnnotation(articleId, fallback.id, p)
      saves.push(
        async () => session.replaceAnnotation(articleId, await api.updateAnnotation(articleId, fallback.id, p)),
        (error) => {
          session.replaceAnnotation(articleId, fallback)
          this.ctx.notify(t('tagging.notSaved', { reason: errorText(error) }), 'error')
        },
      )
    }
    return { label, apply: () => send(patch, before), revert: () => send(inverse, before) }
  }

  remove(id: string): void {
    const { api, session, saves } = this.ctx
    const article = session.article
    const current = session.annotation(id)
    if (!article || !current) return
    const shownBefore = session.shown()
    const index = shownBefore.indexOf(current)
    let links: Link[] = []
    this.ctx.undo.run({
      label: t(`undo.delete_${current.kind}`),
      apply: () => {
        session.removeAnnotation(article.id, id)
        saves.push(
          async () => {
            links = await api.deleteAnnotation(article.id, id)
            session.linkTargetsChanged(article.id)
          },
          (error) => {
            session.addAnnotation(article.id, current)
            this.ctx.notify(t('tagging.notDeleted', { reason: errorText(error) }), 'error')
          },
        )
      },
      revert: () => {
        session.addAnnotation(article.id, current)
        saves.push(
          async () => {
            session.replaceAnnotation(article.id, await api.restoreAnnotation(article.id, current, links))
            session.linkTargetsChanged(article.id)
          },
          (error) => this.ctx.notify(t('undo.failed', { reason: errorText(error) }), 'error'),
        )
      },
    })
    // The one that followed it in the panel's list, or the last.
    const shown = session.shown()
    const next = index < 0 ? undefined : shown[Math.min(index, shown.length - 1)]
    session.select(next?.id ?? null)
  }

  /** Asks for a new claim status label of the workspace's own and gives it to this claim. */
  async addClaimStatus(annotationId: string): Promise<void> {
    const label = (await askText(t('tagging.newStatusTitle'), t('tagging.newStatusPlaceholder')))?.trim()
    if (!label) return
    // Through the save queue, so the status shows "Saving…" until the label and the edit are on disk.
    this.ctx.saves.push(
      async () => this.ctx.session.setClaimStatuses(await this.ctx.api.addClaimStatus(label)),
      (e) => this.ctx.notify(t('tagging.labelNotAdded', { reason: errorText(e) }), 'error'),
    )
    this.edit(annotationId, { attributes: { status: label } }, t('undo.status', { label }))
  }

  /** Puts an annotation (typically an orphan) on the text currently selected. */
  reattach(id: string): void {
    const article = this.ctx.session.article
    const range = this.host.view?.selection()
    if (!article) return
    if (!range) return this.ctx.notify(t('tagging.reattachSelect'), 'info')
    this.ctx.saves.push(
      async () =>
        this.ctx.session.replaceAnnotation(
          article.id,
          await this.ctx.api.reattachAnnotation(article.id, id, range.start, range.end),
        ),
      (e) => this.ctx.notify(t('tagging.notReattached', { reason: errorText(e) }), 'error'),
    )
  }

  undoLast(): void {
    const command = this.ctx.undo.undo()
    this.ctx.notify(command ? t('undo.undone', { label: command.label }) : t('undo.nothingToUndo'), 'info')
  }

  redoLast(): void {
    const command = this.ctx.undo.redo()
    this.ctx.notify(command ? t('undo.redone', { label: command.label }) : t('undo.nothingToRedo'), 'info')
  }
}
