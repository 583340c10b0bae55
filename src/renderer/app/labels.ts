/**
 * The words the window shows for the domain's closed vocabularies (kinds, claim statuses, entity types,
 * quote modes, link relations) in the current language. Values stay the stored codes; a claim label a
 * workspace added itself is shown as the user wrote it.
 */
import { formatDate, t } from '../../shared/i18n'
import {
  CLAIM_STATUSES,
  type AnnotationKind,
  type ClaimStatus,
  type EntityType,
  type LinkRelation,
  type QuoteMode,
} from '../../shared/vocabulary'

const isBuiltInStatus = (s: string): s is ClaimStatus => (CLAIM_STATUSES as readonly string[]).includes(s)

/** "Quote" / "Cita". */
export const kindLabel = (kind: AnnotationKind): string => t(`kind.${kind}`)

/** A claim status: built-in verdicts translated, a workspace's own label as written. */
export const statusLabel = (status: string): string => (isBuiltInStatus(status) ? t(`vocab.status.${status}`) : status)

/** A status with what it means, for legends ("accurate: checked and true"). */
export const statusMeaning = (status: string): string =>
  isBuiltInStatus(status) ? t(`vocab.statusMeaning.${status}`) : t('legend.custom', { label: status })

export const entityTypeLabel = (type: EntityType): string => t(`vocab.entityType.${type}`)

export const modeLabel = (mode: QuoteMode): string => t(`vocab.mode.${mode}`)

/** An article's date as the language writes it when it is an ISO date ("2024-11-16"), else as the file says. */
export function articleDate(date: string): string {
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/.exec(date)
  if (!iso) return date
  return formatDate(date.length === 10 ? `${date}T00:00:00Z` : date, {
    dateStyle: 'medium',
    timeZone: date.length === 10 ? 'UTC' : undefined,
  })
}

export const relationLabel = (relation: LinkRelation): string => t(`vocab.relation.${relation}`)

/** "14:05" today, "28 Nov" this year, else the date. */
export function formatTime(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const now = new Date()
  if (d.toDateString() === now.toDateString()) return formatDate(d, { hour: '2-digit', minute: '2-digit' })
  if (d.getFullYear() === now.getFullYear()) return formatDate(d, { day: 'numeric', month: 'short' })
  return formatDate(d, { dateStyle: 'medium' })
}
