/**
 * Getting files in and out: open a workspace folder, import article files (chosen or dropped on the
 * window), save pasted text as an article, and export annotations.
 */
import type { ExportFormat, ProgressTask } from '../../shared/api'
import { language, t, type Said } from '../../shared/i18n'
import { call, type AppContext } from './context'
import { saidText } from './error-text'
import { askPastedArticle, chooseExport } from './dialogs'
import type { Layout } from './layout'

type ImportOutcome = {
  imported: string[]
  failed: { name: string; reason: string; reasonSaid?: Said }[]
  cancelled: boolean
}

export class Files {
  constructor(
    private readonly ctx: AppContext,
    private readonly layout: Layout,
    private readonly openArticle: (id: string) => Promise<void>,
  ) {}

  async chooseWorkspace(): Promise<void> {
    await call(this.ctx, () => this.ctx.api.chooseWorkspace())
  }

  async importFiles(): Promise<void> {
    if (!this.ctx.session.workspace) return this.ctx.notify(t('errors.noWorkspace'), 'info')
    const outcome = await call(this.ctx, () => this.ctx.api.importFiles())
    if (outcome) this.reportImport(outcome)
  }

  /** Files dropped on the window are read here and copied into the workspace by main. */
  acceptDroppedFiles(): void {
    document.addEventListener('dragover', (e) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault()
    })
    document.addEventListener('drop', (e) => {
      const files = [...(e.dataTransfer?.files ?? [])]
      if (files.length === 0) return
      e.preventDefault()
      if (!this.ctx.session.workspace) return this.ctx.notify(t('files.openFirstDrop'), 'info')
      void this.importDropped(files)
    })
  }

  private async importDropped(files: File[]): Promise<void> {
    const payload: { name: string; base64: string }[] = []
    for (const file of files) payload.push({ name: file.name, base64: toBase64(new Uint8Array(await file.arrayBuffer())) })
    const outcome = await call(this.ctx, () => this.ctx.api.importFileData(payload))
    if (outcome) this.reportImport(outcome)
  }

  private reportImport(outcome: ImportOutcome): void {
    this.showProgress('import', 1, 1, '')
    if (outcome.imported.length)
      this.ctx.notify(
        t(outcome.cancelled ? 'files.importedCancelled' : 'files.imported', { count: outcome.imported.length }),
        'info',
      )
    for (const f of outcome.failed)
      this.ctx.notify(t('files.notImported', { name: f.name, reason: saidText(f.reasonSaid, f.reason) }), 'error')
  }

  showProgress(task: ProgressTask, done: number, total: number, label: string): void {
    const { api } = this.ctx
    // OCR stops when the workspace closes; its per-file cancel is on the library row.
    if (task === 'ocr') return this.layout.showProgress(task, done, total, label)
    const cancel = {
      import: () => api.cancelImport(),
      export: () => api.cancelExport(),
      discovery: () => api.cancelEntityDiscovery(),
    }[task]
    this.layout.showProgress(task, done, total, label, () => void cancel())
  }

  async pasteArticle(): Promise<void> {
    if (!this.ctx.session.workspace) return this.ctx.notify(t('errors.noWorkspace'), 'info')
    const input = await askPastedArticle()
    if (!input) return
    const id = await call(this.ctx, () => this.ctx.api.createArticle(input))
    if (id) await this.openArticle(id)
  }

  /** The export dialog; `format` preselects one (the menu's File → Export → Report). */
  async export(format?: string): Promise<void> {
    const { api, session } = this.ctx
    if (!session.workspace) return this.ctx.notify(t('errors.noWorkspace'), 'info')
    const choice = await chooseExport(
      session.article?.id ?? null,
      session.workspace.articles.filter((a) => !a.error),
      format,
    )
    if (!choice) return
    const result = await call(this.ctx, () =>
      api.exportAnnotations({
        scope: choice.scope,
        articleId: session.article?.id,
        articleIds: choice.articleIds,
        format: choice.format as ExportFormat,
        // The report is written in the window's language.
        language: language(),
      }),
    )
    if (result)
      this.ctx.notify(t('files.exported', { count: result.articles, annotations: result.annotations, path: result.path }), 'info')
  }
}

/** Base64 of bytes, in chunks (String.fromCharCode on a whole large file would overflow the stack). */
function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}
