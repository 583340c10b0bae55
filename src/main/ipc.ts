/**
 * Electron IPC wiring: one `ipcMain.handle` channel per contract method, every request validated by
 * `dispatch` before it reaches the service, and only from our own window's main frame.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import type { WorkbenchHandlers } from '../shared/api'
import { WORKBENCH_METHODS, channelOf } from '../shared/api-methods'
import { dispatchReply } from './api-dispatch'

export function registerIpc(
  service: WorkbenchHandlers,
  isTrustedSender: (sender: WebContents, frameUrl: string) => boolean,
): void {
  for (const method of WORKBENCH_METHODS) {
    ipcMain.handle(channelOf(method), (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      if (!isTrustedSender(event.sender, event.senderFrame?.url ?? '')) throw new Error('Request from an untrusted frame')
      return dispatchReply(service, method, args)
    })
  }
}
