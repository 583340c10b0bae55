/**
 * The names of the WorkbenchApi methods, without their schemas, so the preload script can build
 * `window.workbench` without bundling zod. api.ts checks at compile time that this list and the
 * contract agree.
 */
export const WORKBENCH_METHODS = [
  'getWorkspace',
  'chooseWorkspace',
  'openSampleWorkspace',
  'listRecentWorkspaces',
  'openRecentWorkspace',
  'forgetRecentWorkspace',
  'getViewSettings',
  'setViewSettings',
  'openArticle',
  'createAnnotation',
  'updateAnnotation',
  'deleteAnnotation',
  'restoreAnnotation',
  'reattachAnnotation',
  'exportAnnotations',
  'importFiles',
  'importFileData',
  'cancelImport',
  'cancelExport',
  'cancelOcr',
  'retryOcr',
  'rereadOcr',
  'ocrLanguages',
  'createArticle',
  'updateArticleMetadata',
  'addClaimStatus',
  'listEntities',
  'createEntity',
  'updateEntity',
  'deleteEntity',
  'undoDeleteEntity',
  'mergeEntities',
  'undoMerge',
  'entityMentions',
  'findEntityOccurrences',
  'search',
  'suggestEntities',
  'cancelEntityDiscovery',
  'acceptEntityProposal',
  'undoAcceptEntityProposal',
  'rejectEntityProposal',
  'compareArticles',
  'fixAlignment',
  'listLinks',
  'createLink',
  'deleteLink',
  'listClaims',
  'setClaimStatuses',
  'getLanguage',
  'setLanguage',
  'syncStatus',
  'syncConnect',
  'syncDisconnect',
  'syncConflicts',
  'syncResolve',
  'syncAuthors',
] as const
export type WorkbenchMethod = (typeof WORKBENCH_METHODS)[number]

/** The IPC channel a method is carried on. */
export const channelOf = (method: WorkbenchMethod): string => `workbench:${method}`

/** The one channel main uses to push events to the renderer. */
export const EVENT_CHANNEL = 'workbench:event'
