/** Claim status labels: the built-in ones and those the workspace adds (`.spanwise/vocabulary.json`). */
import { CLAIM_STATUSES } from '../../shared/model'
import type { CollectionFile } from '../store/collection-file'
import type { VocabularyFileData } from './workspace-files'
import type { WorkspaceEvents } from './workspace-events'

export class ClaimStatuses {
  constructor(
    private readonly vocabulary: CollectionFile<VocabularyFileData>,
    private readonly events?: WorkspaceEvents,
  ) {}

  /** Built-in statuses followed by the workspace's own labels. */
  all(): string[] {
    return [...CLAIM_STATUSES, ...this.vocabulary.data.claimStatuses]
  }

  custom(): string[] {
    return [...this.vocabulary.data.claimStatuses]
  }

  async add(label: string): Promise<string[]> {
    const clean = label.trim()
    if (this.all().some((s) => s.toLowerCase() === clean.toLowerCase())) return this.custom()
    const labels = await this.vocabulary.update((data) => {
      const next = { ...data, claimStatuses: [...data.claimStatuses, clean] }
      return { next, result: next.claimStatuses }
    })
    this.events?.claimStatusesChanged(labels)
    return labels
  }
}
