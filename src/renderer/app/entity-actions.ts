/**
 * What the user does with registry entities, each an undoable command: link a mention or a speaker
 * (creating the entity if asked), edit, merge, delete an entity, tag its occurrences found across
 * the workspace, accept or reject a discovery proposal. After a change made in main's registry, the open article's annotations are re-read.
 */
import type { WorkbenchClient } from '../../shared/api'
import { t } from '../../shared/i18n'
import type {
  AnnotationRef,
  Entity,
  EntityDeleteRecord,
  EntityPatch,
  EntityProposal,
  ProposalAcceptRecord,
} from '../../shared/model'
import { unpackArticle } from '../../shared/packed-article'
import type { AnnotationCommands } from './annotation-commands'
import type { Choice } from './autocomplete'
import { draftAnnotation, group, type AppContext } from './context'
import { createdType, entityTypeNoun } from './entity-store'
import { errorText } from './error-text'

export class EntityActions {
  constructor(
    private readonly ctx: AppContext,
    private readonly commands: AnnotationCommands,
  ) {}

  /** Links a mention (or a quote's speaker) to a registry entity, creating the entity if asked. */
  pickEntity(annotationId: string, choice: Choice, query: string): void {
    const { api, session, saves, undo } = this.ctx
    const article = session.article
    const annotation = session.annotation(annotationId)
    if (!article || !annotation) return
    const field = annotation.kind === 'quote' ? 'speakerId' : 'entityId'
    const suggested = annotation.kind === 'entity' ? annotation.attributes.entityType : 'person'
    const type = createdType(choice.id, suggested)
    if (!type) {
      undo.run(
        this.commands.editCommand(
          article.id,
          annotation,
          { attributes: { [field]: choice.id } },
          t('undo.linkTo', { name: choice.label }),
        ),
      )
      return
    }
    const name = query.trim() || annotation.exact
    const entityId = crypto.randomUUID()
    const link = this.commands.editCommand(
      article.id,
      annotation,
      { attributes: annotation.kind === 'entity' ? { entityId, entityType: type } : { speakerId: entityId } },
      '',
    )
    undo.run({
      label: t('undo.createEntity', { name }),
      apply: () => {
        saves.push(
          () => api.createEntity({ id: entityId, name, type }).then(() => this.ctx.entities.refresh()),
          (e) => this.ctx.notify(t('entityActions.notCreated', { reason: errorText(e) }), 'error'),
        )
        link.apply()
      },
      revert: () => {
        link.revert()
        saves.push(
          () => api.deleteEntity(entityId).then(() => this.ctx.entities.refresh()),
          (e) => this.ctx.notify(t('undo.failed', { reason: errorText(e) }), 'error'),
        )
      },
    })
  }

  /**
   * The annotation editor's Type for a mention linked to the registry: the registry entity's type
   * changes (every mention follows), and the user is told so, instead of the editor going back.
   */
  setEntityType(entityId: string, type: Entity['type']): void {
    const entity = this.ctx.entities.get(entityId)
    if (!entity || entity.type === type) return
    this.update(entity, { type })
    this.ctx.notify(t('entityActions.typeChanged', { name: entity.name, type: entityTypeNoun(type) }), 'info')
  }

  update(entity: Entity, patch: EntityPatch): void {
    const inverse: EntityPatch = {}
    for (const key of Object.keys(patch) as (keyof EntityPatch)[]) (inverse as Record<string, unknown>)[key] = entity[key]
    const send = (p: EntityPatch) =>
      this.ctx.saves.push(
        async () => {
          await this.ctx.api.updateEntity(entity.id, p)
          await this.afterRegistryChange()
        },
        (e) => this.ctx.notify(t('entityActions.notChanged', { reason: errorText(e) }), 'error'),
      )
    this.ctx.undo.run({
      label: t('undo.editEntity', { name: entity.name }),
      apply: () => send(patch),
      revert: () => send(inverse),
    })
  }

  merge(keep: Entity, remove: Entity): void {
    let record: Awaited<ReturnType<WorkbenchClient['mergeEntities']>> | null = null
    this.ctx.undo.run({
      label: t('undo.mergeEntities', { remove: remove.name, keep: keep.name }),
      apply: () =>
        this.ctx.saves.push(
          async () => {
            record = await this.ctx.api.mergeEntities(keep.id, remove.id)
            await this.afterRegistryChange()
            this.ctx.notify(
              t('entityActions.merged', { remove: remove.name, keep: keep.name, count: record.moved.length }),
              'info',
            )
          },
          (e) => this.ctx.notify(t('entityActions.notMerged', { reason: errorText(e) }), 'error'),
        ),
      revert: () =>
        this.ctx.saves.push(
          async () => {
            if (record) await this.ctx.api.undoMerge(record)
            await this.afterRegistryChange()
          },
          (e) => this.ctx.notify(t('undo.failed', { reason: errorText(e) }), 'error'),
        ),
    })
  }

  /**
   * Deletes an entity (its mentions stay, unlinked); the undo puts the entity and every link back.
   * Main keeps what the delete unlinked in one record, so undo is one call however many mentions.
   */
  async remove(entity: Entity): Promise<void> {
    const { api } = this.ctx
    // Main answers the delete with the record of what it unlinked; undo hands that record back.
    let record: EntityDeleteRecord | null = null
    this.ctx.undo.run({
      label: t('undo.deleteEntity', { name: entity.name }),
      apply: () =>
        this.ctx.saves.push(
          async () => {
            record = await api.deleteEntity(entity.id)
            await this.afterRegistryChange()
            this.ctx.notify(t('entityActions.deleted', { name: entity.name, count: record.unlinked.length }), 'info')
          },
          (e) => this.ctx.notify(t('entityActions.notDeleted', { reason: errorText(e) }), 'error'),
        ),
      revert: () =>
        this.ctx.saves.push(
          async () => {
            if (record) await api.undoDeleteEntity(record)
            await this.afterRegistryChange()
          },
          (e) => this.ctx.notify(t('undo.failed', { reason: errorText(e) }), 'error'),
        ),
    })
  }

  /** Tags occurrences found across the workspace as mentions of an entity, as one undoable step. */
  acceptOccurrences(entity: Entity, matches: { articleId: string; start: number; end: number; exact: string }[]): void {
    const commands = matches.map((m) =>
      this.commands.createCommand(
        m.articleId,
        draftAnnotation('entity', m, m.exact, { entityType: entity.type, entityId: entity.id }),
        'accept mention',
      ),
    )
    this.ctx.undo.run(group(t('undo.tagMentions', { count: matches.length, name: entity.name }), commands))
    this.ctx.saves.push(
      () => this.ctx.entities.refresh(),
      () => undefined,
    )
  }

  /**
   * Accepts a discovery proposal in one undoable step: main creates (or extends) the entity and tags
   * every mention (acceptEntityProposal), and its record undoes all of it.
   */
  acceptProposal(proposal: EntityProposal): void {
    const { api, saves } = this.ctx
    let record: ProposalAcceptRecord | null = null
    const entityId = crypto.randomUUID()
    this.ctx.undo.run({
      label: t('undo.acceptProposal', { name: proposal.name }),
      apply: () =>
        saves.push(
          async () => {
            record = await api.acceptEntityProposal(proposal, entityId)
            await this.afterRegistryChange(record.tagged, [])
            this.ctx.notify(
              t(record.entityBefore ? 'entityActions.extended' : 'entityActions.created', {
                name: record.entity.name,
                count: record.tagged.length,
              }),
              'info',
            )
          },
          (e) => this.ctx.notify(t('entityActions.notAccepted', { reason: errorText(e) }), 'error'),
        ),
      revert: () =>
        saves.push(
          async () => {
            if (!record) return
            await api.undoAcceptEntityProposal(record)
            await this.afterRegistryChange([], record.tagged)
          },
          (e) => this.ctx.notify(t('undo.failed', { reason: errorText(e) }), 'error'),
        ),
    })
  }

  /** Rejects a proposal: it is not proposed again in this workspace (undoable). */
  rejectProposal(proposal: EntityProposal): void {
    const send = (rejected: boolean) =>
      this.ctx.saves.push(
        async () => {
          await this.ctx.api.rejectEntityProposal(proposal.key, rejected)
          await this.ctx.entities.refresh()
        },
        (e) => this.ctx.notify(t('entityActions.notSaved', { reason: errorText(e) }), 'error'),
      )
    this.ctx.undo.run({
      label: t('undo.rejectProposal', { name: proposal.name }),
      apply: () => send(true),
      revert: () => send(false),
    })
  }

  /** The registry changed in main: fetch it again, and the open article's annotations (names, links). */
  private async afterRegistryChange(added: readonly AnnotationRef[] = [], removed: readonly AnnotationRef[] = []): Promise<void> {
    await this.ctx.entities.refresh()
    const { api, session } = this.ctx
    const article = session.article
    if (!article) return
    for (const r of removed) if (r.articleId === article.id) session.removeAnnotation(article.id, r.annotationId)
    const fresh = unpackArticle(await api.openArticle(article.id))
    if (session.article?.id !== article.id) return
    const isNew = new Set(added.filter((r) => r.articleId === article.id).map((r) => r.annotationId))
    for (const a of fresh.annotations) {
      if (isNew.has(a.id)) session.addAnnotation(article.id, a)
      else session.replaceAnnotation(article.id, a)
    }
  }
}
