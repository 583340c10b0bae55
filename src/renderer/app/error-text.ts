/**
 * What the window says about a failed request. Errors cross IPC as a code and an English line
 * (shared/errors.ts): where the code says enough (no workspace, gone, read-only, cancelled) the window
 * says it in the user's language; otherwise it shows main's line, which carries the detail (which file,
 * which field). Lines main says by key (a file's failure, a read-only open: shared/i18n `Said`) are
 * written in the window's language (`saidText`).
 */
import { WorkbenchError, type ErrorCode } from '../../shared/errors'
import { sayText, t, type MessageKey, type Said } from '../../shared/i18n'
import { cleanMessage } from './save-queue'

const BY_CODE: Partial<Record<ErrorCode, MessageKey>> = {
  'no-workspace': 'errors.noWorkspace',
  'not-found': 'errors.notFound',
  'read-only': 'errors.readOnly',
  cancelled: 'errors.cancelled',
  'sync-unauthorized': 'errors.syncUnauthorized',
}

/** The one line to show for `error`: translated by its code where that says enough, else main's line. */
export function errorText(error: unknown): string {
  if (error instanceof WorkbenchError && error.said) return sayText(error.said)
  const key = error instanceof WorkbenchError ? BY_CODE[error.code] : undefined
  if (key) return t(key)
  return cleanMessage(error instanceof Error ? error.message : String(error))
}

/** A line main says by key when it can (`said`), in the window's language; else main's English `line`. */
export function saidText(said: Said | undefined, line: string): string {
  return said ? sayText(said) : line
}
