/**
 * The window's language: the user's choice from main's settings ('system' follows navigator.languages),
 * applied at start and whenever main says it changed (the View → Language menu, or `choose` here).
 * A switch re-renders in place: every element built with `msg()` is relabelled (dom.ts) and the views
 * re-render what they wrote with `t()` (each subscribes to `onDidChangeLanguage`); the session, the
 * open article, the selection and the undo history stay as they were.
 */
import type { WorkbenchClient } from '../../shared/api'
import { languageFor, onDidChangeLanguage, setLanguage, type LanguagePreference } from '../../shared/i18n'
import { relabel } from './dom'

onDidChangeLanguage((language) => {
  document.documentElement.lang = language
  relabel()
})

/** Applies a preference: the chosen language, or the browser's (the OS's) first preferred one. */
export function applyLanguage(preference: LanguagePreference): void {
  setLanguage(languageFor(preference, navigator.languages))
  document.documentElement.lang = languageFor(preference, navigator.languages)
}

/** Reads the user's choice from main and applies it (English if main cannot say). */
export async function loadLanguage(api: WorkbenchClient): Promise<void> {
  applyLanguage(await api.getLanguage().catch(() => 'system' as const))
}
