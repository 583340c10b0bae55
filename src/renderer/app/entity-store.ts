/**
 * The renderer's copy of the workspace entity registry, for autocompletes and the entity view. It
 * follows the session's workspace (fetched again for another folder, emptied when none is open).
 */
import type { WorkbenchClient } from '../../shared/api'
import { t } from '../../shared/i18n'
import type { Entity, EntityType } from '../../shared/model'
import { rankByQuery } from '../../shared/suggest/mentions'
import type { Choice } from './autocomplete'
import { entityTypeLabel } from './labels'
import type { Session } from './session'

/** The id of the autocomplete row that creates a new entity from what was typed. */
export const CREATE_CHOICE = '__create__'

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
  choices(query: string, createType: EntityType): Choice[] {
    const found = this.search(query)
    const rows: Choice[] = found.map((e) => ({
      id: e.id,
      label: e.name,
      detail: [entityTypeLabel(e.type), ...e.aliases.slice(0, 2)].join(' · '),
    }))
    const exact = found.some((e) =>
      [e.name, ...e.aliases].some((t) => t.toLocaleLowerCase() === query.trim().toLocaleLowerCase()),
    )
    if (query.trim() && !exact)
      rows.push({
        id: CREATE_CHOICE,
        label: t('entityActions.create', { name: query.trim() }),
        detail: t('entityActions.newOfType', { type: entityTypeLabel(createType) }),
      })
    return rows
  }
}
