/**
 * The main-process service as the app runs it, minus Electron: a Host that records every event it
 * would push to the window, and `call`, which goes through the same validating `dispatch` as IPC.
 */
import type { WorkbenchEvent } from '../../src/shared/api'
import type { WorkbenchMethod } from '../../src/shared/api-methods'
import { dispatch } from '../../src/main/api-dispatch'
import { WorkbenchService } from '../../src/main/workbench-service'
import type { OpenedArticle } from '../../src/shared/model'
import { unpackArticle, type PackedArticle } from '../../src/shared/packed-article'
import { testHost } from '../helpers/host'

export interface TestApp {
  service: WorkbenchService
  /** Every event main pushed to the window, in order. */
  events: WorkbenchEvent[]
  /** Notices the user was shown (their messages). */
  notices(): string[]
  /** A request as the renderer sends it: validated by dispatch, then run. */
  call(method: WorkbenchMethod, ...args: unknown[]): Promise<unknown>
  /** An article as the window gets it: requested through dispatch, its packed annotations unpacked. */
  openArticle(articleId: string): Promise<OpenedArticle>
  close(): Promise<void>
}

export async function startApp(
  workspace: string | null,
  options: { userDataDir?: string; chooseFolder?: string | null } = {},
): Promise<TestApp> {
  const events: WorkbenchEvent[] = []
  const host = testHost({ events, userDataDir: options.userDataDir, chooseFolder: async () => options.chooseFolder ?? null })
  const service = await WorkbenchService.create(host)
  if (workspace) await service.openWorkspace(workspace)
  return {
    service,
    events,
    notices: () => events.flatMap((e) => (e.type === 'notice' ? [e.message] : [])),
    call: (method, ...args) => dispatch(service, method, args),
    openArticle: async (articleId) => unpackArticle((await dispatch(service, 'openArticle', [articleId])) as PackedArticle),
    close: () => service.close(),
  }
}
