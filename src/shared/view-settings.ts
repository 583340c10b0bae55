/**
 * The reader's room, remembered across restarts in the user's settings (main/settings.ts): which side
 * panels are folded away, the article's text size and reading mode; and the recent workspaces the welcome screen and
 * the File menu offer.
 */
import { z } from 'zod'

export const TEXT_SIZE = { min: 12, max: 28, default: 17 } as const

export const ViewSettings = z.strictObject({
  /** The left sidebar (articles, entities, search) is folded away. */
  libraryFolded: z.boolean(),
  /** The annotation panel (right) is folded away. */
  panelFolded: z.boolean(),
  /** The article's text size in CSS pixels. */
  textSize: z.number().int().min(TEXT_SIZE.min).max(TEXT_SIZE.max),
  /** Reading mode: everything but the text hidden. */
  readingMode: z.boolean(),
})
export type ViewSettings = z.infer<typeof ViewSettings>
export const ViewSettingsPatch = ViewSettings.partial()
export type ViewSettingsPatch = z.infer<typeof ViewSettingsPatch>

export const DEFAULT_VIEW_SETTINGS: ViewSettings = {
  libraryFolded: false,
  panelFolded: false,
  textSize: TEXT_SIZE.default,
  readingMode: false,
}

/** How many workspaces the recent list keeps. */
export const RECENT_LIMIT = 8

export const RecentWorkspace = z.strictObject({
  path: z.string(),
  /** The folder's name. */
  name: z.string(),
  /** The folder is no longer there (moved, deleted, an unplugged disk). */
  missing: z.boolean(),
})
export type RecentWorkspace = z.infer<typeof RecentWorkspace>
