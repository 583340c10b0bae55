/** The annotation panel's filter (kinds, claim status, entity, free text) and what passes it. */
import type { Annotation, AnnotationKind } from '../../shared/model'

export interface Filter {
  kinds: ReadonlySet<AnnotationKind>
  status: string
  entityId: string
  text: string
}

/** The registry entity an annotation refers to, if any. */
export function entityOf(a: Annotation): string | undefined {
  if (a.kind === 'entity') return a.attributes.entityId
  if (a.kind === 'quote') return a.attributes.speakerId
  return undefined
}

export function passesFilter(f: Filter, a: Annotation): boolean {
  if (!f.kinds.has(a.kind)) return false
  if (f.status && !(a.kind === 'claim' && a.attributes.status === f.status)) return false
  if (f.entityId && entityOf(a) !== f.entityId) return false
  if (f.text) {
    const needle = f.text.toLocaleLowerCase()
    const haystack =
      `${a.exact}\n${a.note}\n${a.tags.join(' ')}\n${a.kind === 'quote' ? a.attributes.speaker : ''}`.toLocaleLowerCase()
    if (!haystack.includes(needle)) return false
  }
  return true
}
