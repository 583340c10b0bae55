/**
 * The renderer's copy of the workspace entity registry, for autocompletes and the entity view. It
 * follows the session's workspace (fetched again for another folder, emptied when none is open).
 */
import type { WorkbenchClient } from '../../shared/api'
import { t } from '../../shared/i18n'
import type { Entity, EntityType } from '../../shared/model'
import { ENTITY_TYPES } from '../../shared/vocabulary'
import { rankByQuery } from '../../shared/suggest/mentions'
import type { Choice } from './autocomplete'
import { entityTypeLabel } from './labels'
import type { Session } from './session'

/**
 * The id of the autocomplete row that creates a new entity of the suggested type from what was typed;
 * `__create__:<type>` rows create one of another type ("Corea del Norte" is a place, not a person).
 */
export const CREATE_CHOICE = '__create__'

/** The type a create row makes, or null for a row that links an existing entity. */
export function createdType(choiceId: string, suggested: EntityType): EntityType | null {
  if (choiceId === CREATE_CHOICE) return suggested
  return choiceId.startsWith(`${CREATE_CHOICE}:`) ? (choiceId.slice(CREATE_CHOICE.length + 1) as EntityType) : null
}

/** The type as a noun with its article, for sentences: "a place" / "un lugar". */
export const entityTypeNoun = (type: EntityType): string => t(`vocab.entityTypeNoun.${type}`)

export class EntityStore {
  private entities: Entity[] = []
  private readonly listeners = new Set<() => void>()

  constructor(
    private readonly api: WorkbenchClient,
    session: Session,
  ) {
    session.onDidChangeWorkspace(({ state, switched }) => {
      if (!state) this.clear()
      else if (switched) void this.refresh()
    })
  }

  async refresh(): Promise<void> {
    this.entities = await this.api.listEntities()
    this.listeners.forEach((l) => l())
  }

  clear(): void {
    this.entities = []
    this.listeners.forEach((l) => l())
  }

  onChange(listener: () => void): void {
    this.listeners.add(listener)
  }

  all(): readonly Entity[] {
    return this.entities
  }

  get(id: string | undefined): Entity | undefined {
    return id ? this.entities.find((e) => e.id === id) : undefined
  }

  /** Entities matching a query (name or alias, ignoring case and accents), best first. */
  search(query: string, limit = 8): Entity[] {
    if (!query.trim()) return this.entities.slice(0, limit)
    return rankByQuery([...this.entities], query, (e) => [e.name, ...e.aliases]).slice(0, limit)
  }

  /** Autocomplete rows: matching entities, then "Create …" when nothing matches the text exactly. */
  choices(query: string, createType: EntityType, everyType = true): Choice[] {
    const found = this.search(query)
    const rows: Choice[] = found.map((e) => ({
      id: e.id,
      label: e.name,
      detail: [entityTypeLabel(e.type), ...e.aliases.slice(0, 2)].join(' · '),
    }))
    const exact = found.some((e) =>
      [e.name, ...e.aliases].some((t) => t.toLocaleLowerCase() === query.trim().toLocaleLowerCase()),
    )
    if (query.trim() && !exact) {
      // One row per type, the suggested one first: the type is chosen when the entity is made.
      for (const type of everyType ? [createType, ...ENTITY_TYPES.filter((x) => x !== createType)] : [createType])
        rows.push({
          id: type === createType ? CREATE_CHOICE : `${CREATE_CHOICE}:${type}`,
          label: t('entityActions.createAs', { name: query.trim(), type: entityTypeNoun(type) }),
          detail: t('entityActions.newOfType', { type: entityTypeLabel(type) }),
        })
    }
    return rows
  }
}
