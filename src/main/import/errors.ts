/**
 * An article file that cannot be read. It says why by catalog key (`said`, shared/i18n), so the window
 * words it in the reader's language; its message is the English line (the command line, logs).
 */
import { said as saying, sayText, type MessageKey, type MessageVars, type Said } from '../../shared/i18n'

export class ImportError extends Error {
  readonly said: Said

  constructor(key: MessageKey, vars?: MessageVars) {
    const why = saying(key, vars)
    super(sayText(why, 'en'))
    this.said = why
  }
}
