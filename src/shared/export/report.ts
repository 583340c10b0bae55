/**
 * The report an editor reads: one self-contained HTML memo (inline CSS, no script, no font, image or
 * link that would make a request; every piece of user text escaped) for the workspace or chosen
 * articles. Claims grouped by verdict (problems first) with their text, who made them, the note and the
 * evidence's excerpts from other articles; quotes by speaker; entities with their mentions; the sources
 * with their metadata. Pure: main gathers `ReportInput` (main/desk/desk.ts), the app saves it as HTML or
 * prints it to PDF, the CLI writes it with `--format report`.
 */
import { claimRows, type ClaimRow, type ClaimSource } from '../claims'
import {
  formatDateIn,
  formatListIn,
  formatNumberIn,
  language,
  translate,
  type Language,
  type MessageKey,
  type MessageVars,
} from '../i18n'
import type { Entity } from '../model'
import { CLAIM_STATUSES, type ClaimStatus, type EntityType, type LinkRelation } from '../vocabulary'

/**
 * Every user-facing string of the report, in `lang`: the catalogs' `report.*` messages (shared/i18n),
 * whatever language the process speaks (the app's main, the CLI's `--lang`).
 */
function reportMessages(lang: Language) {
  const tr = (key: MessageKey, vars?: MessageVars) => translate(lang, key, vars)
  const count = (key: MessageKey) => (n: number) => tr(key, { count: n })
  return {
    lang,
    title: (workspace: string) => tr('report.title', { workspace }),
    generated: (date: string, scope: string) => tr('report.generated', { date, scope }),
    scopeWorkspace: count('report.scopeWorkspace'),
    scopeArticles: count('report.scopeArticles'),
    summary: tr('report.summary'),
    claims: tr('report.claims'),
    quotes: tr('report.quotes'),
    entities: tr('report.entities'),
    sources: tr('report.sources'),
    glanceQuotes: count('report.glanceQuotes'),
    glanceSources: count('report.glanceSources'),
    noClaims: tr('report.noClaims'),
    noQuotes: tr('report.noQuotes'),
    noEntities: tr('report.noEntities'),
    claimCount: count('report.claimCount'),
    quoteCount: count('report.quoteCount'),
    mentionCount: count('report.mentionCount'),
    madeBy: tr('report.madeBy'),
    inArticle: tr('report.inArticle'),
    note: tr('report.note'),
    tags: tr('report.tags'),
    evidence: tr('report.evidence'),
    noEvidence: tr('report.noEvidence'),
    unattributed: tr('report.unattributed'),
    reported: tr('report.reported'),
    orphaned: tr('report.orphaned'),
    more: count('report.more'),
    field: {
      byline: tr('report.field.byline'),
      outlet: tr('report.field.outlet'),
      date: tr('report.field.date'),
      url: tr('report.field.url'),
      language: tr('report.field.language'),
      path: tr('report.field.path'),
    },
    annotationsOf: (q: number, c: number, m: number) =>
      formatListIn(lang, [
        tr('report.quoteCount', { count: q }),
        tr('report.claimCount', { count: c }),
        tr('report.entityMentionCount', { count: m }),
      ]),
    relation: (relation: LinkRelation) => tr(`report.relation.${relation}`),
    status: (status: string) => (isBuiltInStatus(status) ? tr(`report.status.${status}`) : status),
    entityType: (type: EntityType) => tr(`vocab.entityType.${type}`),
    /** The day the report was made, as the language writes it ("16 de noviembre de 2026"). */
    date: (iso: string) => formatDateIn(lang, iso, { dateStyle: 'long' }),
    /** An article's date: an ISO day as the language writes it, anything else as the file says. */
    articleDate: (date: string) =>
      /^\d{4}-\d{2}-\d{2}$/.test(date) ? formatDateIn(lang, `${date}T00:00:00Z`, { dateStyle: 'long', timeZone: 'UTC' }) : date,
    /** A language code ("es") by its name in the report's language ("Spanish" / "español"). */
    languageName: (code: string) => {
      try {
        return new Intl.DisplayNames([lang], { type: 'language' }).of(code) ?? code
      } catch {
        return code
      }
    },
    number: (n: number) => formatNumberIn(lang, n),
  }
}
type Messages = ReturnType<typeof reportMessages>
const isBuiltInStatus = (s: string): s is ClaimStatus => (CLAIM_STATUSES as readonly string[]).includes(s)

/** One article as the report reads it: what the claim rows need, and its text for excerpts. */
export interface ReportArticle extends ClaimSource {
  text: string
}

export interface ReportInput {
  workspaceName: string
  /** ISO 8601 time the report was made. */
  generatedAt: string
  scope: 'workspace' | 'articles'
  /** Claim statuses in the workspace's order (built-in ones first). */
  statuses: readonly string[]
  articles: readonly ReportArticle[]
  entities: readonly Entity[]
}

/** Verdicts an editor must see first come first; unchecked claims last. */
const VERDICT_ORDER = ['false', 'misleading', 'unverifiable', 'accurate']
/** Mentions listed per entity (the rest are counted). */
const MENTIONS_SHOWN = 8

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
/** Text made safe for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c])
}
const e = escapeHtml

/** The sentence-ish context around a span, on one line. */
function excerpt(text: string, start: number, end: number, room = 90): string {
  const from = Math.max(0, start - room)
  const to = Math.min(text.length, end + room)
  const clean = (s: string) => s.replace(/\s+/g, ' ')
  return `${from > 0 ? '…' : ''}${e(clean(text.slice(from, start)))}<mark>${e(clean(text.slice(start, end)))}</mark>${e(clean(text.slice(end, to)))}${to < text.length ? '…' : ''}`
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-')

/** The whole memo as one HTML document, in `lang` (the process's language unless said). */
export function renderReport(input: ReportInput, lang: Language = language()): string {
  const M = reportMessages(lang)
  const names = new Map(input.entities.map((x) => [x.id, x]))
  const claims = input.articles.flatMap((a) => claimRows(a, (id) => names.get(id)?.name))
  const date = M.date(input.generatedAt)
  const scope = input.scope === 'workspace' ? M.scopeWorkspace(input.articles.length) : M.scopeArticles(input.articles.length)
  const title = M.title(input.workspaceName)
  const byStatus = groupClaims(claims, input.statuses)
  const quotes = quoteGroups(input.articles, names, M)
  const entities = entityGroups(input.articles, input.entities)
  const quoteTotal = quotes.reduce((n, [, q]) => n + q.length, 0)
  return `<!DOCTYPE html>
<html lang="${e(lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Spanwise">
<title>${e(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="memo-head">
<h1>${e(title)}</h1>
<p class="memo-meta">${e(M.generated(date, scope))}</p>
</header>
<section class="glance" aria-label="${e(M.summary)}">
${byStatus.map(([s, rows]) => `<div class="glance-item verdict-${e(slug(s))}"><strong>${e(M.number(rows.length))}</strong> ${e(M.status(s))}</div>`).join('\n')}
<div class="glance-item"><strong>${e(M.number(quoteTotal))}</strong> ${e(M.glanceQuotes(quoteTotal))}</div>
<div class="glance-item"><strong>${e(M.number(input.articles.length))}</strong> ${e(M.glanceSources(input.articles.length))}</div>
</section>
<section id="claims">
<h2>${e(M.claims)}</h2>
${byStatus.length === 0 ? `<p class="empty">${e(M.noClaims)}</p>` : byStatus.map(([s, rows]) => verdictSection(s, rows, M)).join('\n')}
</section>
<section id="quotes">
<h2>${e(M.quotes)}</h2>
${quotes.length === 0 ? `<p class="empty">${e(M.noQuotes)}</p>` : quotes.map(([speaker, list]) => quoteSection(speaker, list, M)).join('\n')}
</section>
<section id="entities">
<h2>${e(M.entities)}</h2>
${entities.length === 0 ? `<p class="empty">${e(M.noEntities)}</p>` : entities.map((x) => entitySection(x, M)).join('\n')}
</section>
<section id="sources">
<h2>${e(M.sources)}</h2>
${input.articles.map((a) => sourceSection(a, M)).join('\n')}
</section>
</body>
</html>
`
}

function groupClaims(claims: ClaimRow[], statuses: readonly string[]): [string, ClaimRow[]][] {
  const order = [...VERDICT_ORDER, ...statuses.filter((s) => !VERDICT_ORDER.includes(s) && s !== 'unchecked'), 'unchecked']
  for (const c of claims) if (!order.includes(c.status)) order.splice(order.length - 1, 0, c.status)
  return order.map((s) => [s, claims.filter((c) => c.status === s)] as [string, ClaimRow[]]).filter(([, rows]) => rows.length > 0)
}

function verdictSection(status: string, rows: ClaimRow[], M: Messages): string {
  return `<section class="verdict verdict-${e(slug(status))}">
<h3>${e(M.status(status))} <span class="count">${e(M.claimCount(rows.length))}</span></h3>
${rows.map((c) => claimCard(c, M)).join('\n')}
</section>`
}

function claimCard(c: ClaimRow, M: Messages): string {
  const facts = [
    c.madeBy ? `<dt>${e(M.madeBy)}</dt><dd>${e(c.madeBy.name)}</dd>` : '',
    `<dt>${e(M.inArticle)}</dt><dd>${e(c.articleTitle)}</dd>`,
    c.tags.length ? `<dt>${e(M.tags)}</dt><dd>${c.tags.map((t) => `<span class="tag">${e(t)}</span>`).join(' ')}</dd>` : '',
  ].join('')
  const evidence = c.evidence.length
    ? `<ul class="evidence">${c.evidence
        .map(
          (x) =>
            `<li class="relation-${e(x.relation)}"><span class="relation">${e(M.relation(x.relation))}</span> — <cite>${e(x.articleTitle)}</cite><blockquote>${e(x.exact.replace(/\s+/g, ' '))}</blockquote></li>`,
        )
        .join('')}</ul>`
    : `<p class="empty">${e(M.noEvidence)}</p>`
  return `<article class="claim">
<blockquote class="claim-text">${e(c.text.replace(/\s+/g, ' '))}</blockquote>
${c.orphaned ? `<p class="warning">${e(M.orphaned)}</p>` : ''}
<dl class="facts">${facts}</dl>
${c.note ? `<p class="note"><strong>${e(M.note)}:</strong> ${e(c.note)}</p>` : ''}
<h4>${e(M.evidence)}</h4>
${evidence}
</article>`
}

interface QuoteItem {
  text: string
  article: string
  reported: boolean
}

function quoteGroups(articles: readonly ReportArticle[], names: Map<string, Entity>, M: Messages): [string, QuoteItem[]][] {
  const groups = new Map<string, QuoteItem[]>()
  for (const a of articles) {
    for (const q of a.annotations) {
      if (q.kind !== 'quote') continue
      const speaker =
        (q.attributes.speakerId && names.get(q.attributes.speakerId)?.name) || q.attributes.speaker || M.unattributed
      const list = groups.get(speaker) ?? []
      list.push({ text: q.exact, article: a.title, reported: q.attributes.mode === 'reported' })
      groups.set(speaker, list)
    }
  }
  return [...groups].sort(
    ([x, a], [y, b]) => Number(x === M.unattributed) - Number(y === M.unattributed) || b.length - a.length || x.localeCompare(y),
  )
}

function quoteSection(speaker: string, list: QuoteItem[], M: Messages): string {
  return `<section class="speaker">
<h3>${e(speaker)} <span class="count">${e(M.quoteCount(list.length))}</span></h3>
<ul class="quotes">${list
    .map(
      (q) =>
        `<li><blockquote>${e(q.text.replace(/\s+/g, ' '))}</blockquote><span class="source">${e(q.article)}${q.reported ? ` · ${e(M.reported)}` : ''}</span></li>`,
    )
    .join('')}</ul>
</section>`
}

interface Mention {
  article: string
  html: string
}

function entityGroups(articles: readonly ReportArticle[], entities: readonly Entity[]): [Entity, Mention[]][] {
  const byId = new Map<string, Mention[]>()
  for (const a of articles) {
    for (const m of a.annotations) {
      const id = m.kind === 'entity' ? m.attributes.entityId : m.kind === 'quote' ? m.attributes.speakerId : undefined
      if (!id) continue
      const list = byId.get(id) ?? []
      list.push({ article: a.title, html: excerpt(a.text, m.start, m.end, 70) })
      byId.set(id, list)
    }
  }
  return entities
    .filter((x) => byId.has(x.id))
    .map((x) => [x, byId.get(x.id)!] as [Entity, Mention[]])
    .sort(([x, a], [y, b]) => b.length - a.length || x.name.localeCompare(y.name))
}

function entitySection([entity, mentions]: [Entity, Mention[]], M: Messages): string {
  const shown = mentions.slice(0, MENTIONS_SHOWN)
  return `<section class="entity">
<h3>${e(entity.name)} <span class="type">${e(M.entityType(entity.type))}</span> <span class="count">${e(M.mentionCount(mentions.length))}</span></h3>
${entity.aliases.length ? `<p class="aliases">${entity.aliases.map(e).join(' · ')}</p>` : ''}
${entity.note ? `<p class="note">${e(entity.note)}</p>` : ''}
<ul class="mentions">${shown.map((m) => `<li>${m.html} <span class="source">${e(m.article)}</span></li>`).join('')}</ul>
${mentions.length > shown.length ? `<p class="more">${e(M.more(mentions.length - shown.length))}</p>` : ''}
</section>`
}

function sourceSection(a: ReportArticle, M: Messages): string {
  const m = a.metadata
  const fields: [string, string | undefined][] = [
    [M.field.byline, m.byline],
    [M.field.outlet, m.outlet],
    [M.field.date, m.date && M.articleDate(m.date)],
    [M.field.language, m.language && M.languageName(m.language)],
    // The address as text, never a link: the memo makes no request, even on a click.
    [M.field.url, m.url],
    [M.field.path, a.path],
  ]
  const count = (k: string) => a.annotations.filter((x) => x.kind === k).length
  return `<section class="source-card">
<h3>${e(a.title)}</h3>
<dl class="facts">${fields
    .filter(([, v]) => v)
    .map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v!)}</dd>`)
    .join('')}</dl>
<p class="counts">${e(M.annotationsOf(count('quote'), count('claim'), count('entity')))}</p>
</section>`
}

const CSS = `
:root { color-scheme: light; }
body { font: 15px/1.55 Georgia, 'Iowan Old Style', 'Noto Serif', 'DejaVu Serif', serif; color: #1f2328; max-width: 820px; margin: 32px auto; padding: 0 28px; }
h1, h2, h3, h4, .memo-meta, .glance, dt, .count, .type, .source, .relation, .counts, .tag { font-family: system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'DejaVu Sans', sans-serif; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; border-bottom: 2px solid #1f2328; padding-bottom: 4px; margin: 36px 0 14px; }
h3 { font-size: 16px; margin: 22px 0 8px; }
h4 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #57606a; margin: 10px 0 4px; }
.memo-meta { color: #57606a; margin: 0; font-size: 13px; }
.glance { display: flex; flex-wrap: wrap; gap: 8px; margin: 18px 0; }
.glance-item { border: 1px solid #d0d7de; border-radius: 6px; padding: 6px 12px; font-size: 13px; }
.glance-item strong { font-size: 18px; margin-right: 4px; }
.count, .type { font-weight: normal; font-size: 12px; color: #57606a; margin-left: 6px; }
.verdict { border-left: 5px solid #8c959f; padding-left: 14px; margin: 18px 0; }
.verdict-false { border-color: #cf222e; }
.verdict-misleading { border-color: #d97706; }
.verdict-unverifiable { border-color: #6e7781; }
.verdict-accurate { border-color: #1a7f37; }
.verdict-unchecked { border-color: #d0d7de; }
.glance-item.verdict-false { border-color: #cf222e; }
.glance-item.verdict-misleading { border-color: #d97706; }
.glance-item.verdict-accurate { border-color: #1a7f37; }
.claim { margin: 0 0 18px; padding: 0 0 12px; border-bottom: 1px solid #eaeef2; break-inside: avoid; }
blockquote { margin: 6px 0; padding: 2px 0 2px 12px; border-left: 3px solid #d0d7de; }
.claim-text { font-size: 17px; border-left-color: #1f2328; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0; font-size: 14px; }
dt { color: #57606a; font-size: 12px; padding-top: 2px; }
dd { margin: 0; }
.note { background: #fff8c5; padding: 6px 10px; border-radius: 4px; margin: 6px 0; }
.evidence, .quotes, .mentions { list-style: none; padding: 0; margin: 0; }
.evidence li, .quotes li, .mentions li { margin: 0 0 8px; break-inside: avoid; }
.relation { font-size: 12px; font-weight: 600; }
.relation-contradicts .relation { color: #cf222e; }
.relation-supports .relation { color: #1a7f37; }
.source, .more, .aliases { color: #57606a; font-size: 12px; }
.tag { display: inline-block; font-size: 12px; background: #eaeef2; border-radius: 10px; padding: 0 8px; }
.empty { color: #57606a; font-style: italic; }
.warning { color: #9a6700; font-size: 13px; }
mark { background: #dafbe1; }
.source-card { break-inside: avoid; border-bottom: 1px solid #eaeef2; padding-bottom: 8px; }
.counts { color: #57606a; font-size: 12px; }
@page { size: A4; margin: 18mm 16mm; }
@media print { body { margin: 0; padding: 0; max-width: none; font-size: 11.5pt; } h2 { break-after: avoid; } h3 { break-after: avoid; } }
`
