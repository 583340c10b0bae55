/**
 * The renderer's side of the one contract: wraps the bridge the preload (or the test harness) installed,
 * so each method resolves to its result or throws a `WorkbenchError` carrying the code main chose.
 */
import type { WorkbenchBridge, WorkbenchClient } from '../shared/api'
import { WORKBENCH_METHODS } from '../shared/api-methods'
import { unwrapReply, type Reply } from '../shared/errors'

export function connect(bridge: WorkbenchBridge): WorkbenchClient {
  const client: Record<string, unknown> = {}
  for (const method of WORKBENCH_METHODS) {
    const call = bridge[method] as (...args: unknown[]) => Promise<Reply<unknown>>
    client[method] = async (...args: unknown[]) => unwrapReply(await call(...args))
  }
  client.onEvent = bridge.onEvent
  return client as WorkbenchClient
}
