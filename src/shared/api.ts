/**
 * The one contract between the renderer and main. Every method is async and takes and returns plain
 * serialisable values, each with a zod schema. Main implements it as a plain service object; Electron's
 * IPC, the browser test harness and the CLI are three transports for the same object.
 */
import { z } from 'zod'
import type { Reply } from './errors'
import {
  AnnotationDraft,
  AnnotationId,
  AnnotationPatch,
  Annotation,
  ArticleId,
  ClaimStatusLabel,
  Comparison,
  Entity,
  EntityDraft,
  EntityMentions,
  EntityPatch,
  Id,
  ImportOutcome,
  Link,
  LinkDraft,
  LinkView,
  MergeRecord,
  EntityProposal,
  ProposalAcceptRecord,
  EntityDeleteRecord,
  MetadataPatch,
  OccurrenceGroups,
  OcrLanguage,
  OcrModel,
  PackedArticle,
  SearchResults,
  WorkspaceState,
} from './model'
import type { WorkbenchMethod } from './api-methods'
import { EXPORT_FORMAT_IDS, type ExportFormatId } from './export/types'
import { REPORT_FORMAT_IDS, type ReportFormatId } from './export/report-formats'
import { ClaimRow, ClaimStatusChange } from './claims'
import { RecentWorkspace, ViewSettings, ViewSettingsPatch } from './view-settings'
import { LANGUAGE_PREFERENCES, LANGUAGES, type LanguagePreference, type Said } from './i18n'
import { AuthorsByArticle, ConflictChoice, SyncConflict, SyncConnectRequest, SyncStatus } from './sync'

export { EXPORT_FORMAT_IDS as EXPORT_FORMATS } from './export/types'
/** A data format (export/types.ts) or the editor's report (report-formats.ts). */
export type ExportFormat = ExportFormatId | ReportFormatId

export const ExportRequest = z.strictObject({
  /** The open article, articles the user picked, or the whole workspace. */
  scope: z.enum(['article', 'articles', 'workspace']),
  articleId: ArticleId.optional(),
  articleIds: z.array(ArticleId).max(100_000).optional(),
  format: z.enum([...EXPORT_FORMAT_IDS, ...REPORT_FORMAT_IDS]).default('json'),
  /** The report's language: the window's (main's when omitted). */
  language: z.enum(LANGUAGES).optional(),
})
export type ExportRequest = z.input<typeof ExportRequest>

export const ExportResult = z.strictObject({
  path: z.string(),
  articles: z.number().int(),
  annotations: z.number().int(),
})
export type ExportResult = z.infer<typeof ExportResult>

interface MethodSchema {
  args: z.ZodTuple
  result: z.ZodType
}

/** Each method's argument tuple and result. Arguments are validated before main sees them. */
export const workbenchContract = {
  /** The open workspace, or null before one is chosen. */
  getWorkspace: { args: z.tuple([]), result: WorkspaceState.nullable() },
  /** Ask the user for a folder (native dialog) and open it; null if they cancel. */
  chooseWorkspace: { args: z.tuple([]), result: WorkspaceState.nullable() },
  /** Open the sample workspace shipped with the app (a fresh copy the user may tag freely). */
  openSampleWorkspace: { args: z.tuple([]), result: WorkspaceState },
  /** The recent workspaces, newest first, each saying whether its folder is still there. */
  listRecentWorkspaces: { args: z.tuple([]), result: z.array(RecentWorkspace) },
  /** Opens a workspace of the recent list (only those: any other folder goes through the dialog). */
  openRecentWorkspace: { args: z.tuple([z.string().min(1).max(4096)]), result: WorkspaceState },
  /** Takes a workspace off the recent list; returns the list. */
  forgetRecentWorkspace: { args: z.tuple([z.string().min(1).max(4096)]), result: z.array(RecentWorkspace) },
  /** The reader's view (folded panels, text size), as remembered. */
  getViewSettings: { args: z.tuple([]), result: ViewSettings },
  /** Changes and remembers part of the reader's view; returns all of it. */
  setViewSettings: { args: z.tuple([ViewSettingsPatch]), result: ViewSettings },
  /** The article with its annotations packed into columns (shared/packed-article.ts): `unpackArticle` it. */
  openArticle: { args: z.tuple([ArticleId]), result: PackedArticle },
  createAnnotation: { args: z.tuple([ArticleId, AnnotationDraft]), result: Annotation },
  updateAnnotation: { args: z.tuple([ArticleId, AnnotationId, AnnotationPatch]), result: Annotation },
  /** Deletes an annotation and the links touching it; returns those links (for undo). */
  deleteAnnotation: { args: z.tuple([ArticleId, AnnotationId]), result: z.array(Link) },
  /** Puts back a deleted annotation and its links exactly as they were (undo of a delete). */
  restoreAnnotation: { args: z.tuple([ArticleId, Annotation, z.array(Link).max(10_000)]), result: Annotation },
  /** Moves an annotation (an orphaned one, typically) onto a new span of the current text. */
  reattachAnnotation: {
    args: z.tuple([ArticleId, AnnotationId, z.number().int().nonnegative(), z.number().int().nonnegative()]),
    result: Annotation,
  },
  /** Adds a workspace-defined claim status label; returns all of the workspace's own labels. */
  addClaimStatus: { args: z.tuple([ClaimStatusLabel]), result: z.array(z.string()) },
  listEntities: { args: z.tuple([]), result: z.array(Entity) },
  createEntity: { args: z.tuple([EntityDraft]), result: Entity },
  updateEntity: { args: z.tuple([Id, EntityPatch]), result: Entity },
  /** Removes an entity from the registry; its mentions stay, unlinked. The record undoes it. */
  deleteEntity: { args: z.tuple([Id]), result: EntityDeleteRecord },
  /** Undoes a delete: the entity comes back as it was and the unlinked references point at it again. */
  undoDeleteEntity: { args: z.tuple([EntityDeleteRecord]), result: Entity },
  /** Merges the second entity into the first: every mention follows. */
  mergeEntities: { args: z.tuple([Id, Id]), result: MergeRecord },
  undoMerge: { args: z.tuple([MergeRecord]), result: Entity },
  entityMentions: { args: z.tuple([Id]), result: EntityMentions },
  /** Untagged occurrences of the entity's name and aliases in every article. */
  findEntityOccurrences: { args: z.tuple([Id]), result: OccurrenceGroups },
  /** Searches article text, annotations, notes and entity names across the workspace. */
  search: { args: z.tuple([z.string().max(500)]), result: SearchResults },
  /** Names the articles mention, proposed as registry entities (new or extending one), with their mentions. */
  suggestEntities: { args: z.tuple([]), result: z.array(EntityProposal) },
  /** Stop finding names (suggestEntities then fails with code 'cancelled'); the names found so far are kept. */
  cancelEntityDiscovery: { args: z.tuple([]), result: z.null() },
  /** Creates (or extends) the proposal's entity and tags its mentions; the record undoes it. */
  acceptEntityProposal: { args: z.tuple([EntityProposal, Id]), result: ProposalAcceptRecord },
  undoAcceptEntityProposal: { args: z.tuple([ProposalAcceptRecord]), result: z.null() },
  /** Remembers (or forgets) a rejected proposal by its key; returns the rejected keys. */
  rejectEntityProposal: { args: z.tuple([z.string().max(500), z.boolean()]), result: z.array(z.string()) },
  /** Pairs two articles' paragraphs (compare v2) and lists what differs between them. */
  compareArticles: { args: z.tuple([ArticleId, ArticleId]), result: Comparison },
  /** Pairs two paragraphs by hand (kept for this pair of articles). */
  fixAlignment: {
    args: z.tuple([ArticleId, ArticleId, z.number().int().nonnegative(), z.number().int().nonnegative()]),
    result: Comparison,
  },
  /** Links with an end in this article, with the annotation at the other end. */
  listLinks: { args: z.tuple([ArticleId]), result: z.array(LinkView) },
  createLink: { args: z.tuple([LinkDraft]), result: Link },
  deleteLink: { args: z.tuple([Id]), result: Link },
  /** Ask where to save (native dialog), then write the export; null if the user cancels. */
  exportAnnotations: { args: z.tuple([ExportRequest]), result: ExportResult.nullable() },
  /** Ask for files (native dialog) and copy them into the workspace; progress comes as events. */
  importFiles: { args: z.tuple([]), result: ImportOutcome },
  /** Copy dropped files into the workspace (contents base64, as the renderer read them). */
  importFileData: {
    args: z.tuple([
      z
        .array(z.strictObject({ name: z.string().min(1).max(255), base64: z.string().max(70_000_000) }))
        .min(1)
        .max(1000),
    ]),
    result: ImportOutcome,
  },
  /** Stop an import between two files. */
  cancelImport: { args: z.tuple([]), result: z.null() },
  /** Stop an export between two articles (nothing is written). */
  cancelExport: { args: z.tuple([]), result: z.null() },
  /**
   * Stop reading a scan by OCR in the background (the article's, waiting or under way). The pages read
   * so far are kept; its library row says the reading was cancelled. (The argument is required: every
   * contract argument is, see the hostile-payload test; closing the workspace stops them all.)
   */
  cancelOcr: { args: z.tuple([ArticleId]), result: z.null() },
  /** Read again a scan whose reading was cancelled (its library row's Retry), from the pages read so far. */
  retryOcr: { args: z.tuple([ArticleId]), result: z.null() },
  /**
   * Read a scan again with these OCR models ('spa', 'eng', both…), remembered for the article; its row
   * shows the reading with a Cancel, and its annotations are re-anchored onto the new text.
   */
  rereadOcr: { args: z.tuple([ArticleId, z.array(OcrModel).min(1).max(5)]), result: z.null() },
  /** The OCR models installed (`@tesseract.js-data/<code>` packages), with their languages' ISO codes. */
  ocrLanguages: { args: z.tuple([]), result: z.array(OcrLanguage) },
  /** Save pasted text as a new article; returns its id. */
  createArticle: {
    args: z.tuple([z.strictObject({ title: z.string().max(500), text: z.string().min(1).max(20_000_000) })]),
    result: ArticleId,
  },
  updateArticleMetadata: { args: z.tuple([ArticleId, MetadataPatch]), result: WorkspaceState },
  /** Every claim of the workspace, for the claims board (shared/claims.ts). */
  listClaims: { args: z.tuple([]), result: z.array(ClaimRow) },
  /** Sets several claims' statuses in one step (all or nothing); returns their previous statuses. */
  setClaimStatuses: { args: z.tuple([z.array(ClaimStatusChange).min(1).max(100_000)]), result: z.array(ClaimStatusChange) },
  /** The interface language the user chose ('system': the OS's), kept in the user's settings. */
  getLanguage: { args: z.tuple([]), result: z.enum(LANGUAGE_PREFERENCES) },
  /** Remembers the interface language; the window (and the menus) follow through a `language` event. */
  setLanguage: { args: z.tuple([z.enum(LANGUAGE_PREFERENCES)]), result: z.null() },
  /** Where and how the open workspace syncs with the team's CouchDB (state 'off' when it does not). */
  syncStatus: { args: z.tuple([]), result: SyncStatus },
  /** Connects the open workspace to a CouchDB database (checked first: one clear line when refused). */
  syncConnect: { args: z.tuple([SyncConnectRequest]), result: SyncStatus },
  /** Stops syncing the open workspace and forgets its password; its data stays. */
  syncDisconnect: { args: z.tuple([]), result: SyncStatus },
  /** Items changed by a teammate and by this laptop, both versions kept until the user decides. */
  syncConflicts: { args: z.tuple([]), result: z.array(SyncConflict) },
  /** Ends a conflict: keep mine, keep theirs, or a merged version. */
  syncResolve: { args: z.tuple([z.string().min(1).max(300), ConflictChoice]), result: z.null() },
  /**
   * Who last changed each annotation of the workspace (article id → annotation id → member name, time);
   * empty when it does not sync. `sync-authors` events carry the changes from then on.
   */
  syncAuthors: { args: z.tuple([]), result: AuthorsByArticle },
} satisfies Record<WorkbenchMethod, MethodSchema>

type Contract = typeof workbenchContract
// The method list in api-methods.ts and the contract must name the same methods.
type _SameMethods = [keyof Contract] extends [WorkbenchMethod]
  ? [WorkbenchMethod] extends [keyof Contract]
    ? true
    : never
  : never
const _sameMethods: _SameMethods = true
void _sameMethods

/** The API as the renderer calls it (arguments before defaults are applied). */
export type WorkbenchApi = {
  [M in keyof Contract]: (...args: z.input<Contract[M]['args']>) => Promise<z.output<Contract[M]['result']>>
}

/** The API as main implements it: arguments arrive parsed, defaults filled in. */
export type WorkbenchHandlers = {
  [M in keyof Contract]: (...args: z.output<Contract[M]['args']>) => Promise<z.input<Contract[M]['result']>>
}

/** Events main pushes to the renderer. */
export type WorkbenchEvent =
  | { type: 'workspace-changed'; state: WorkspaceState | null }
  | { type: 'menu'; command: MenuCommand }
  /** `message` in main's language (English on the command line); `said` by key, for the window to word in its own. */
  | { type: 'notice'; level: 'info' | 'error'; message: string; said?: Said }
  /** Article files changed on disk (added, edited or removed) while the workspace was open. */
  | { type: 'articles-changed'; articleIds: string[] }
  /**
   * Progress of a long task (import, export, OCR of a scan: done = pages read, label = the file's
   * path; discovery of entities: done = articles read, the last step grouping); done === total when it ends.
   */
  | { type: 'progress'; task: ProgressTask; done: number; total: number; label: string }
  /** The recent workspaces changed (one opened, one forgotten): the welcome screen and File menu follow. */
  | { type: 'recent-workspaces'; recent: RecentWorkspace[] }
  /** The user chose another interface language (menu or window): re-render in it. */
  | { type: 'language'; preference: LanguagePreference }
  /** Sync with the team's database changed state (synced, sending, receiving, offline, error, conflicts). */
  | { type: 'sync-status'; status: SyncStatus }
  /** The conflicts waiting for the user changed (one appeared, one was resolved): the whole list. */
  | { type: 'sync-conflicts'; conflicts: SyncConflict[] }
  /** Who last changed the annotations of these articles (each article's whole map, replacing the old one). */
  | { type: 'sync-authors'; authors: AuthorsByArticle }

/** The long tasks whose progress the window shows. */
export type ProgressTask = 'import' | 'export' | 'ocr' | 'discovery'

export type MenuCommand =
  | 'open-workspace'
  | 'import'
  | 'paste-article'
  | 'export'
  | 'export-report'
  | 'claims-board'
  | 'tag-quote'
  | 'tag-claim'
  | 'tag-entity'
  | 'shortcuts'
  | 'toggle-library'
  | 'toggle-panel'
  | 'reading-mode'
  | 'text-bigger'
  | 'text-smaller'
  | 'text-reset'

/** Subscribe to events from main; returns an unsubscribe function. */
export type EventSource = { onEvent(listener: (event: WorkbenchEvent) => void): () => void }

/**
 * What the preload (or the test harness) puts on `window.workbench`: each method answers a `Reply`
 * (shared/errors.ts), the result or the error's code and message, because Electron's contextBridge would
 * keep only a thrown error's message. The renderer talks to it through `connect` (renderer/workbench-client.ts).
 */
export type WorkbenchBridge = {
  [M in keyof WorkbenchApi]: (...args: Parameters<WorkbenchApi[M]>) => Promise<Reply<Awaited<ReturnType<WorkbenchApi[M]>>>>
} & EventSource

/** The API as the renderer's code uses it: results, or a thrown `WorkbenchError` with its code. */
export type WorkbenchClient = WorkbenchApi & EventSource
