/**
 * Errors as they cross a process boundary: a code the caller decides on, and a one-line message a
 * journalist can act on. Code branches on `code`, never on the message text.
 *
 * Every transport (Electron IPC, the test harness, the CLI) carries a `Reply`: main's dispatcher turns
 * whatever a service threw into one (`replyOf`), and the renderer's client turns it back into a thrown
 * `WorkbenchError` (`unwrapReply`). Electron's contextBridge keeps only an Error's message, which is why
 * the envelope travels as plain data and is unwrapped on the page's side.
 */
import type { Said } from './i18n'

export const ERROR_CODES = [
  /** A write did not reach the disk for a reason the user can fix (disk full, permissions); retry later. */
  'storage',
  /** The workspace is open read-only (another Spanwise writes to it, or the folder cannot be written). */
  'read-only',
  /** What the request names is gone: an article, annotation, entity or link. */
  'not-found',
  /** It exists already, or the request contradicts the current state (merge an entity with itself). */
  'conflict',
  /** The request itself is malformed: unknown method, arguments that do not parse. */
  'invalid-request',
  /** The request is well formed but its content is refused (a selection of white space, an unknown status). */
  'invalid-input',
  /** Nothing is open that the request needs (no workspace, no article). */
  'no-workspace',
  /** A file could not be read or decoded. */
  'unreadable',
  /** The user cancelled a long task. */
  'cancelled',
  /** Sync: the server refused the user name or password. */
  'sync-unauthorized',
  /** Sync: the server could not be reached (offline, wrong address, server down). */
  'sync-unreachable',
  /** Sync: the user may not read or write that database (CouchDB's _security), or may not create it. */
  'sync-forbidden',
  /** Sync: the address answers, but not as a CouchDB server. */
  'sync-protocol',
  /** Anything else: a defect, reported as is. */
  'internal',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

export class WorkbenchError extends Error {
  /**
   * `message`: the English line (the command line, logs); `said`: the same by catalog key (shared/i18n),
   * which the window words in its language.
   */
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly said?: Said,
  ) {
    super(message)
    this.name = 'WorkbenchError'
  }
}

/** A request the user can correct; the message says how. */
export class UserError extends WorkbenchError {
  constructor(message: string, code: ErrorCode = 'invalid-input') {
    super(code, message)
    this.name = 'UserError'
  }
}

export interface WireError {
  code: ErrorCode
  message: string
  said?: Said
}

export type Reply<T> = { ok: true; value: T } | { ok: false; error: WireError }

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value)
}

/** What crosses the boundary for any thrown value: its code if it has one, else 'internal'. */
export function wireErrorOf(error: unknown): WireError {
  if (error instanceof WorkbenchError)
    return error.said
      ? { code: error.code, message: error.message, said: error.said }
      : { code: error.code, message: error.message }
  const message = error instanceof Error ? error.message : String(error)
  return { code: 'internal', message }
}

export function unwrapReply<T>(reply: Reply<T>): T {
  if (reply && reply.ok === true) return reply.value
  const error = reply && reply.ok === false ? reply.error : undefined
  throw new WorkbenchError(
    isErrorCode(error?.code) ? error.code : 'internal',
    error?.message ?? 'No answer from main',
    isSaid(error?.said) ? error.said : undefined,
  )
}

function isSaid(value: unknown): value is Said {
  if (typeof value !== 'object' || value === null) return false
  const { key, vars } = value as { key?: unknown; vars?: unknown }
  return typeof key === 'string' && (vars === undefined || (typeof vars === 'object' && vars !== null))
}

export function hasErrorCode(error: unknown, code: ErrorCode): boolean {
  return error instanceof WorkbenchError && error.code === code
}
