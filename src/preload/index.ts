/**
 * The preload script: puts `window.workbench` (the WorkbenchApi contract, src/shared/api.ts) into the
 * page and nothing else. Each method is one IPC invoke; main validates every argument.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { WorkbenchEvent } from '../shared/api'
import { EVENT_CHANNEL, WORKBENCH_METHODS, channelOf } from '../shared/api-methods'

const api: Record<string, unknown> = {}
for (const method of WORKBENCH_METHODS) {
  api[method] = (...args: unknown[]) => ipcRenderer.invoke(channelOf(method), ...args)
}
api.onEvent = (listener: (event: WorkbenchEvent) => void) => {
  const handler = (_e: IpcRendererEvent, event: WorkbenchEvent) => listener(event)
  ipcRenderer.on(EVENT_CHANNEL, handler)
  return () => ipcRenderer.removeListener(EVENT_CHANNEL, handler)
}

contextBridge.exposeInMainWorld('workbench', api)
