/**
 * A compare item's message (items.ts `says`: a `findings.*` key and values) in a language: the window
 * writes it in the reader's, the CLI in its own. Apart from items.ts so the window does not load the
 * comparison's word lists to say it.
 */
import { formatDateIn, language, sayText, type Language, type MessageVars, type Said } from '../i18n'

/** The item's message in `lang` (the process's language unless said); months (0–11 under `leftMonth`/`rightMonth`) named. */
export function itemMessage(item: { says: Said }, lang: Language = language()): string {
  const vars: MessageVars = { ...item.says.vars }
  for (const key of ['leftMonth', 'rightMonth']) {
    const month = vars[key]
    if (typeof month === 'number') vars[key] = formatDateIn(lang, Date.UTC(2021, month, 15), { month: 'long', timeZone: 'UTC' })
  }
  return sayText({ key: item.says.key, vars }, lang)
}
