/**
 * The English catalog: the source of the message keys (`t('toolbar.open')`). Grouped by view; plural
 * messages come as `name_one` / `name_other` and are called as `t('group.name', { count })`.
 * Placeholders are `{{name}}`; numbers that should follow the language's digit grouping are written
 * `{{count, number}}`. Add a key here and its Spanish in es.ts (the typecheck insists).
 */
export const en = {
  common: {
    cancel: 'Cancel',
    close: 'Close',
    save: 'Save',
    add: 'Add',
    retry: 'Retry',
    delete: 'Delete',
    dismiss: 'Dismiss (Esc)',
  },
  toolbar: {
    open: 'Open folder…',
    openTitle: 'Open a folder of articles (Ctrl+O)',
    import: 'Import…',
    importTitle: 'Copy article files into this workspace (or drop them on the window)',
    paste: 'Paste text…',
    pasteTitle: 'Save pasted text as a new article',
    tagGroup: 'Tag the selection',
    quote: 'Quote',
    claim: 'Claim',
    entity: 'Entity',
    tagQuoteTitle: 'Tag the selection as a quote ({{key}})',
    tagClaimTitle: 'Tag the selection as a claim ({{key}})',
    tagEntityTitle: 'Tag the selection as an entity ({{key}})',
    claims: 'Claims',
    claimsTitle: 'Every claim in one table (Ctrl+Shift+B)',
    undo: 'Undo',
    undoTitle: 'Undo (Ctrl+Z)',
    redo: 'Redo',
    redoTitle: 'Redo (Ctrl+Shift+Z)',
    export: 'Export…',
    exportTitle: 'Export annotations',
    shortcuts: 'Keyboard shortcuts',
    shortcutsTitle: 'Keyboard shortcuts (?)',
  },
  sidebar: {
    articles: 'Articles',
    entities: 'Entities',
    search: 'Search',
  },
  status: {
    saved: 'All changes saved',
    saving: 'Saving…',
    notSaved: 'Not saved: {{reason}}',
  },
  progress: {
    importing: 'Importing {{done, number}} of {{total, number}}: {{label}}',
    ocr: 'Reading (OCR) {{label}}: page {{done, number}} of {{total, number}}',
    exporting: 'Exporting: {{done, number}} of {{total, number}} articles',
  },
  linking: {
    bannerClaim: 'Linking claim “{{text}}”: select the evidence (a highlight or a row, in this or another article).',
    bannerQuote: 'Linking quote “{{text}}”: select the other annotation (a highlight or a row, in this or another article).',
    bannerEntity: 'Linking entity “{{text}}”: select the other annotation (a highlight or a row, in this or another article).',
    cancel: 'Cancel (Esc)',
  },
  kind: {
    quote: 'Quote',
    claim: 'Claim',
    entity: 'Entity',
    quoteLower: 'quote',
    claimLower: 'claim',
    entityLower: 'entity',
  },
  dialog: {
    openWorkspace: 'Open Workspace',
    importArticles: 'Import articles',
    articleFiles: 'Articles',
    export: 'Export annotations',
  },
  notice: {
    alreadyOpen: 'Spanwise is already open here.',
  },
  menu: {
    file: '&File',
    openWorkspace: 'Open Workspace…',
    openSample: 'Open Sample Workspace',
    importArticles: 'Import Articles…',
    pasteArticle: 'New Article from Pasted Text…',
    export: 'Export',
    exportAnnotations: 'Annotations…',
    exportReport: 'Report…',
    annotate: '&Annotate',
    tagQuote: 'Tag as Quote',
    tagClaim: 'Tag as Claim',
    tagEntity: 'Tag as Entity',
    edit: '&Edit',
    view: '&View',
    claimsBoard: 'Claims Board',
    language: 'Language',
    languageSystem: 'Same as the System',
    help: '&Help',
    shortcuts: 'Keyboard Shortcuts',
  },
  ocr: {
    waiting: 'waiting for OCR',
    reading: 'reading (OCR) page {{page, number}} of {{pages, number}}',
    cancelled: 'Reading cancelled',
    retryTitle: 'Read it again, from the pages already read',
    note: 'Text read by OCR ({{languages}}, {{confidence, number}} % confidence): check it against the original',
    readAgain: 'Read again in…',
    readAgainTitle: 'Run OCR again in another language; the annotations move onto the new text',
    languages: '{{first}} + {{second}}',
  },
}

/** The shape every language's catalog has: the English one's keys, each a string. */
export type Catalog = typeof en
