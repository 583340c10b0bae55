/**
 * Suggestions: quoted passages not tagged yet (by their quotation marks) and untagged mentions of an
 * entity in the open article. They live in the session; accepting turns them into annotations (one
 * undoable step), rejecting hides them for the rest of the session.
 */
import { findMentions } from '../../shared/suggest/mentions'
import { findQuotes, withoutTagged } from '../../shared/suggest/quotes'
import { t } from '../../shared/i18n'
import type { AnnotationCommands } from './annotation-commands'
import { draftAnnotation, group, type AppContext } from './context'
import type { Suggestion } from './session'

export class Suggestions {
  /** Suggestions the user rejected this session ("article:kind:start:end"): never offered again. */
  private readonly rejected = new Set<string>()

  constructor(
    private readonly ctx: AppContext,
    private readonly commands: AnnotationCommands,
  ) {}

  /** Quoted passages (by their quotation marks) that are not tagged as quotes yet. */
  suggestQuotes(): void {
    const { session } = this.ctx
    const article = session.article
    if (!article) return
    const quotes = session.annotations.filter((a) => a.kind === 'quote')
    const found = withoutTagged(findQuotes(article.text), quotes).filter(
      (q) => !this.rejected.has(`${article.id}:quote:${q.start}:${q.end}`),
    )
    session.setSuggestions([
      ...session.suggestions.filter((x) => x.kind !== 'quote'),
      ...found.map((q) => ({
        id: `sugg-q-${q.start}-${q.end}`,
        kind: 'quote' as const,
        start: q.start,
        end: q.end,
        exact: q.exact,
      })),
    ])
    this.ctx.notify(found.length ? t('suggestions.quotesFound', { count: found.length }) : t('suggestions.noQuotes'), 'info')
  }

  /** Occurrences of an entity's name and aliases in this article that are not tagged yet. */
  suggestMentions(entityId: string): void {
    const { session } = this.ctx
    const article = session.article
    const entity = this.ctx.entities.get(entityId)
    if (!article || !entity) return
    const tagged = session.annotations.filter((a) => a.kind === 'entity')
    const found = findMentions(article.text, [entity.name, ...entity.aliases]).filter(
      (m) =>
        !tagged.some((t) => t.start < m.end && m.start < t.end) && !this.rejected.has(`${article.id}:entity:${m.start}:${m.end}`),
    )
    session.setSuggestions([
      ...session.suggestions.filter((x) => x.entityId !== entityId),
      ...found.map((m) => ({
        id: `sugg-e-${entityId}-${m.start}`,
        kind: 'entity' as const,
        start: m.start,
        end: m.end,
        exact: m.exact,
        entityId,
      })),
    ])
    this.ctx.notify(
      found.length
        ? t('suggestions.mentionsFound', { count: found.length, name: entity.name })
        : t('suggestions.noMentions', { name: entity.name }),
      'info',
    )
  }

  select(id: string | null): void {
    this.ctx.session.selectSuggestion(id)
  }

  /** Accepting turns suggestions into annotations, as one undoable step. */
  accept(ids: string[]): void {
    const { session } = this.ctx
    const article = session.article
    if (!article) return
    const chosen = session.suggestions.filter((x) => ids.includes(x.id))
    if (chosen.length === 0) return
    const commands = chosen.map((x) => {
      const attributes =
        x.kind === 'quote'
          ? { speaker: '', mode: 'direct' }
          : { entityType: this.ctx.entities.get(x.entityId)?.type ?? 'person', ...(x.entityId ? { entityId: x.entityId } : {}) }
      return this.commands.createCommand(article.id, draftAnnotation(x.kind, x, x.exact, attributes), t('undo.acceptSuggestion'))
    })
    const next = this.nextAfter(chosen)
    session.setSuggestions(session.suggestions.filter((x) => !ids.includes(x.id)))
    this.ctx.undo.run(
      group(chosen.length === 1 ? t('undo.acceptSuggestion') : t('undo.acceptSuggestions', { count: chosen.length }), commands),
    )
    session.selectSuggestion(next)
  }

  reject(ids: string[]): void {
    const { session } = this.ctx
    const chosen = session.suggestions.filter((x) => ids.includes(x.id))
    for (const x of chosen) this.rejected.add(`${session.article?.id}:${x.kind}:${x.start}:${x.end}`)
    const next = this.nextAfter(chosen)
    session.setSuggestions(session.suggestions.filter((x) => !ids.includes(x.id)))
    session.selectSuggestion(next)
  }

  /** A and R accept or reject the selected suggestion; Escape leaves it. True when handled. */
  onKey(e: KeyboardEvent): boolean {
    const id = this.ctx.session.selectedSuggestion
    if (!id || e.ctrlKey || e.metaKey || e.altKey) return false
    const key = e.key.toLowerCase()
    if (key === 'a' || key === 'enter') this.accept([id])
    else if (key === 'r' || key === 'delete' || key === 'backspace') this.reject([id])
    else if (key === 'escape') this.select(null)
    else return false
    e.preventDefault()
    return true
  }

  /** The suggestion to select after some are handled: the one following the last of them. */
  private nextAfter(handled: Suggestion[]): string | null {
    const all = this.ctx.session.suggestions
    const gone = new Set(handled.map((x) => x.id))
    const last = Math.max(...handled.map((x) => all.indexOf(x)))
    return all.slice(last + 1).find((x) => !gone.has(x.id))?.id ?? all.find((x) => !gone.has(x.id))?.id ?? null
  }
}
