/**
 * The validating front door of the main services. Electron's IPC handlers and the browser test harness
 * both call `dispatch`, so a request from the renderer is checked the same way whatever carries it:
 * the method must be in the contract and its arguments must parse, or nothing runs.
 */
import { workbenchContract, type WorkbenchHandlers } from '../shared/api'
import { WORKBENCH_METHODS, type WorkbenchMethod } from '../shared/api-methods'
import { WorkbenchError, wireErrorOf, type Reply } from '../shared/errors'

export function isWorkbenchMethod(name: unknown): name is WorkbenchMethod {
  return typeof name === 'string' && (WORKBENCH_METHODS as readonly string[]).includes(name)
}

/**
 * What every transport carries back: the result, or the error as a code and a message (shared/errors.ts).
 * Never throws.
 */
export async function dispatchReply(service: WorkbenchHandlers, method: unknown, args: unknown): Promise<Reply<unknown>> {
  try {
    return { ok: true, value: (await dispatch(service, method, args)) ?? null }
  } catch (error) {
    return { ok: false, error: wireErrorOf(error) }
  }
}

export async function dispatch(service: WorkbenchHandlers, method: unknown, args: unknown): Promise<unknown> {
  if (!isWorkbenchMethod(method)) throw new WorkbenchError('invalid-request', 'Unknown request')
  if (!Array.isArray(args)) throw new WorkbenchError('invalid-request', `Invalid request to ${method}: arguments must be a list`)
  const shape = hostileShape(args)
  if (shape) throw new WorkbenchError('invalid-request', `Invalid request to ${method}: ${shape}`)
  const parsed = workbenchContract[method].args.safeParse(args)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new WorkbenchError(
      'invalid-request',
      `Invalid request to ${method}: ${issue?.path.join('.') || 'arguments'} ${issue?.message ?? ''}`.trim(),
    )
  }
  const call = service[method] as (...a: unknown[]) => Promise<unknown>
  try {
    return await call.apply(service, parsed.data as unknown[])
  } catch (error) {
    throw asUserFacing(error)
  }
}

/** Keys no request of the contract has; they only appear in payloads built to reach object prototypes. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype'])
const MAX_DEPTH = 16

/**
 * Checked before the schemas: a record field (annotation attributes) accepts any key, and zod copies a
 * key "__proto__" by assignment, which silently sets the copy's prototype instead of failing. So such
 * keys are refused anywhere in a request, as is nesting deeper than any method needs.
 */
function hostileShape(args: unknown[]): string | null {
  const stack: [unknown, number][] = [[args, 0]]
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!
    if (value === null || typeof value !== 'object') continue
    if (depth > MAX_DEPTH) return 'arguments nested too deeply'
    for (const key of Object.keys(value)) {
      if (PROTOTYPE_KEYS.has(key)) return `the key "${key}" is not allowed`
      stack.push([(value as Record<string, unknown>)[key], depth + 1])
    }
  }
  return null
}

/** Storage failures the user can fix (space, permissions); the renderer keeps and retries these. */
const STORAGE_ERRORS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the workspace folder is read-only',
  EACCES: 'no permission to write in the workspace folder',
  EPERM: 'no permission to write in the workspace folder',
  EIO: 'the disk reported an error',
}

/** Errors cross the process boundary as a code and one line a journalist can act on. */
function asUserFacing(error: unknown): Error {
  if (error instanceof WorkbenchError) return error
  const code = (error as NodeJS.ErrnoException | null)?.code
  if (code && code in STORAGE_ERRORS) return new WorkbenchError('storage', `Could not save: ${STORAGE_ERRORS[code]} (${code})`)
  return new WorkbenchError('internal', error instanceof Error ? error.message : String(error))
}
