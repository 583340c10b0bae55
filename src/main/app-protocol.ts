/**
 * The window's own scheme (Electron security checklist, item 18): the renderer is served from
 * `app://spanwise/…` out of the built renderer folder and nothing else, instead of running on `file:`
 * with the file scheme's privileges over every local file. `index.ts` registers the scheme and hands
 * each request here; the path rules are plain Node so they are unit-tested without Electron.
 */
import { promises as fs } from 'node:fs'
import { extname, isAbsolute, join, normalize, relative } from 'node:path'

export const APP_SCHEME = 'app'
export const APP_HOST = 'spanwise'
/** The page the window loads, and the only frame URL whose requests main answers. */
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`

/** What the bundle holds; anything else is refused rather than guessed. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
}

export function contentTypeOf(path: string): string | null {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? null
}

/**
 * The file below `root` that an app:// URL names, or null when the URL is not ours or would leave
 * `root` (`..` in any spelling, encoded slashes, NUL). "/" is the index page.
 */
export function resolveAppRequest(requestUrl: string, root: string): string | null {
  let url: URL
  try {
    url = new URL(requestUrl)
  } catch {
    return null
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null
  let path: string
  try {
    path = decodeURIComponent(url.pathname)
  } catch {
    return null
  }
  if (path.includes('\0') || path.includes('\\')) return null
  const file = join(root, normalize(path === '/' ? '/index.html' : path))
  const inside = relative(root, file)
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return null
  return file
}

/** The response to one app:// request: the file with its type, or 404. */
export async function serveAppRequest(requestUrl: string, root: string): Promise<Response> {
  const file = resolveAppRequest(requestUrl, root)
  const type = file && contentTypeOf(file)
  if (!file || !type) return new Response('Not found', { status: 404 })
  try {
    const body = await fs.readFile(file)
    return new Response(body, { headers: { 'content-type': type, 'x-content-type-options': 'nosniff' } })
  } catch {
    return new Response('Not found', { status: 404 })
  }
}
