/**
 * Links between annotations (evidence for a claim, the same statement, a translation): start a link
 * from the selected annotation, complete it by selecting the other end (in this or another article),
 * remove one, link two spans of the compare view. Keeps the session's links of the open article fresh.
 */
import { t } from '../../shared/i18n'
import type { Annotation, Link, LinkRelation, LinkView } from '../../shared/model'
import type { TextRange } from '../article-view'
import type { AnnotationCommands } from './annotation-commands'
import type { CompareView } from './compare-view'
import { draftAnnotation, group, type AppContext } from './context'
import { chooseRelation } from './dialogs'
import type { PendingLink } from './session'
import { errorText } from './error-text'
import { relationLabel } from './labels'
import type { Command } from './undo'

export class Linking {
  constructor(
    private readonly ctx: AppContext,
    private readonly commands: AnnotationCommands,
  ) {
    const { session } = ctx
    session.onDidChangeArticle((article) => article && void this.refreshLinks())
    session.onDidChangeLinkTargets(() => void this.refreshLinks())
    // Selecting another annotation while a link is pending completes it.
    session.onDidChangeSelection(({ id }) => {
      const pending = session.linking
      const article = session.article
      if (pending && id && article && !(pending.articleId === article.id && pending.annotationId === id))
        void this.complete(pending, { articleId: article.id, annotationId: id })
    })
  }

  start(annotationId: string): void {
    const { session } = this.ctx
    const a = session.annotation(annotationId)
    if (!session.article || !a) return
    session.setLinking({ articleId: session.article.id, annotationId, kind: a.kind, exact: a.exact })
  }

  stop(): void {
    if (this.ctx.session.linking) this.ctx.session.setLinking(null)
  }

  unlink(view: LinkView): void {
    const { createdAt: _createdAt, ...draft } = view.link
    this.ctx.undo.run(this.linkCommand(draft, false))
  }

  async refreshLinks(): Promise<void> {
    const { api, session } = this.ctx
    const articleId = session.article?.id
    if (!articleId) return
    const links = await api.listLinks(articleId).catch(() => [] as LinkView[])
    session.setLinks(articleId, links)
  }

  /**
   * Links a span on each side of the compare view: the claim on the left (created unless an annotation
   * sits exactly there) gets the right span as evidence, in one undoable step; both carry the note.
   */
  async linkAcross(compare: CompareView, l: TextRange, r: TextRange, relation: LinkRelation, note: string): Promise<void> {
    const leftId = compare.leftArticle.id
    const rightId = compare.rightArticle.id
    const make = (articleId: string, text: string, range: TextRange, side: 'left' | 'right', existing: readonly Annotation[]) => {
      const found = existing.find((a) => a.start === range.start && a.end === range.end)
      if (found) return { annotation: found, command: null }
      const annotation = draftAnnotation('claim', range, text.slice(range.start, range.end), { status: 'unchecked' }, note)
      const saved = this.commands.createCommand(articleId, annotation, t('undo.claimFromComparison'))
      // The compare panes show the claim too, and lose it on undo.
      const command: Command = {
        label: saved.label,
        apply: () => {
          saved.apply()
          compare.addAnnotation(side, annotation)
        },
        revert: () => {
          compare.removeAnnotation(side, annotation.id)
          saved.revert()
        },
      }
      return { annotation, command }
    }
    const a = make(leftId, compare.leftArticle.text, l, 'left', compare.leftArticle.annotations)
    const b = make(rightId, compare.rightArticle.text, r, 'right', compare.rightArticle.annotations)
    const link = this.linkCommand(
      {
        id: crypto.randomUUID(),
        from: { articleId: leftId, annotationId: a.annotation.id },
        to: { articleId: rightId, annotationId: b.annotation.id },
        relation,
      },
      true,
    )
    const steps = [a.command, b.command, link].filter((c): c is Command => c !== null)
    this.ctx.undo.run(group(note ? t('undo.claimFromDiscrepancy') : t('undo.link', { relation: relationLabel(relation) }), steps))
    this.ctx.notify(note ? t('links.claimCreated') : t('links.linked'), 'info')
  }

  private async complete(pending: PendingLink, to: { articleId: string; annotationId: string }): Promise<void> {
    this.stop()
    const { session } = this.ctx
    const title = (articleId: string) =>
      articleId === session.article?.id
        ? t('relation.thisArticle')
        : (session.workspace?.articles.find((a) => a.id === articleId)?.title ?? '')
    const other = session.annotation(to.annotationId)
    const ends = other
      ? {
          from: { kind: pending.kind, exact: pending.exact, article: title(pending.articleId) },
          to: { kind: other.kind, exact: other.exact, article: title(to.articleId) },
        }
      : undefined
    const relation: LinkRelation | null = await chooseRelation(pending.kind === 'claim' ? 'supports' : 'same-statement', ends)
    if (!relation) return
    const draft = {
      id: crypto.randomUUID(),
      from: { articleId: pending.articleId, annotationId: pending.annotationId },
      to,
      relation,
    }
    this.ctx.undo.run(this.linkCommand(draft, true))
  }

  /** Adding (or, with `add` false, removing) a link; each is the other's undo. */
  private linkCommand(draft: Omit<Link, 'createdAt'>, add: boolean): Command {
    const { api, saves } = this.ctx
    const create = () =>
      saves.push(
        async () => void (await api.createLink(draft)),
        (e) => this.ctx.notify(t('links.notLinked', { reason: errorText(e) }), 'error'),
      )
    const remove = () =>
      saves.push(
        async () => void (await api.deleteLink(draft.id)),
        (e) => this.ctx.notify(t('links.notRemoved', { reason: errorText(e) }), 'error'),
      )
    const refresh = () =>
      saves.push(
        () => this.refreshLinks(),
        () => undefined,
      )
    return {
      label: add ? t('undo.link', { relation: relationLabel(draft.relation) }) : t('undo.removeLink'),
      apply: () => ((add ? create : remove)(), refresh()),
      revert: () => ((add ? remove : create)(), refresh()),
    }
  }
}
