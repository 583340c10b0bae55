/**
 * Hostile content and the network, in the browser harness (built renderer, real services, Chromium):
 *
 * - An HTML article carrying scripts, event handlers, javascript: URLs, iframes, remote images and CSS
 *   tricks: none of it runs or loads. Every payload would set `window.__pwned` or fetch from a local
 *   HTTP server that counts hits; the global stays unset and the server sees nothing.
 * - A full session (library, article, tagging, editing, entities, search, compare, export, restart)
 *   records every request the renderer makes: only the app's own files under out/renderer.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dirname } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { recordFigures } from '../reliability/figures'
import { openArticle, openWorkbench, RENDERER_INDEX, selectWithMouse, type Workbench } from './harness'

let server: Server
let base = ''
const hits: string[] = []
beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '')
    res.writeHead(200, { 'content-type': 'text/html' })
    res.end('<script>window.__pwned = "remote"</script>')
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise((r) => server.close(r))
})

let wb: Workbench | undefined
afterEach(async () => {
  await wb?.close()
  wb = undefined
})

const rendererDir = pathToFileURL(dirname(RENDERER_INDEX)).href
const isAppFile = (url: string) => url.startsWith(`${rendererDir}/`)

/** A saved web page written to do harm, with a real article inside it. */
function evilPage(): string {
  const pwn = (how: string) => `window.__pwned='${how}'`
  return `<!doctype html>
<html lang="en"><head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="0;url=${base}/refresh">
<base href="${base}/base/">
<title>&lt;img src=x onerror=${pwn('title')}&gt; Port deal under scrutiny</title>
<meta property="og:site_name" content="<script>${pwn('meta')}</script>">
<link rel="canonical" href="javascript:${pwn('canonical')}">
<link rel="stylesheet" href="${base}/style.css">
<link rel="prefetch" href="${base}/prefetch">
<style>@import url("${base}/import.css"); body { background: url("${base}/bg.png") } p::after { content: url("${base}/after.png") }</style>
<script>${pwn('script')}</script>
<script src="${base}/remote.js"></script>
</head>
<body onload="${pwn('onload')}">
<article>
<h1 onclick="${pwn('h1-click')}">Port deal under scrutiny</h1>
<p>The mayor said the port contract was signed in March, after a public tender that three firms entered.</p>
<p style="background-image:url('${base}/inline.png')">Council records show the tender closed with only one bid, from a firm owned by the mayor's brother-in-law.</p>
<p><a href="javascript:${pwn('js-url')}">Read the contract</a> and <a href="${base}/link" target="_blank">the council minutes</a> before the vote on Thursday.</p>
<p><img src="${base}/img.png" onerror="${pwn('onerror')}" srcset="${base}/srcset.png 2x"> The harbour authority declined to comment on the figures.</p>
<iframe src="${base}/frame"></iframe>
<iframe srcdoc="<script>parent.${pwn('srcdoc')}</script>"></iframe>
<object data="${base}/object.swf"></object><embed src="${base}/embed.swf">
<svg onload="${pwn('svg')}"><image href="${base}/svg.png"/></svg>
<video poster="${base}/poster.png" src="${base}/video.mp4" autoplay></video>
<form action="${base}/form"><input autofocus onfocus="${pwn('autofocus')}" value="x"></form>
<p>Escaped markup stays text: &lt;script&gt;${pwn('escaped')}&lt;/script&gt; is what the page printed.</p>
<noscript><img src="${base}/noscript.png"></noscript>
<template><img src="${base}/template.png" onerror="${pwn('template')}"></template>
</article>
</body></html>`
}

const PLAIN =
  'Council minutes\n\nThe council approved the port contract on Thursday by seven votes to four.\n\nThe mayor said the tender was open to all firms.'

/** Gives the page a moment to run anything that was going to run (timers, image loads, frames). */
async function settle(w: Workbench) {
  await w.page.evaluate(() => new Promise((r) => setTimeout(r, 300)))
}

describe('a hostile HTML article', () => {
  it('shows its text while none of its scripts, handlers, URLs, frames or styles run or load', async () => {
    wb = await openWorkbench({ files: { 'evil.html': evilPage(), 'minutes.txt': PLAIN } })
    const { page } = wb
    const row = page.locator('.sw-library-row', { hasText: 'Port deal under scrutiny' })
    await expect(row.count(), 'the .html article is in the library (HTML import)').resolves.toBe(1)
    await openArticle(page, 'Port deal under scrutiny')
    const article = page.locator('.sw-article')
    await expect(article.textContent()).resolves.toContain('only one bid, from a firm owned by the mayor')
    // Markup became text or nothing: no element of the page exists in the view.
    await expect(
      page
        .locator('.sw-article :is(script, iframe, img, object, embed, svg, video, form, input, style, link, a, base, meta)')
        .count(),
    ).resolves.toBe(0)
    await expect(page.locator('[onload], [onerror], [onclick], [onfocus]').count()).resolves.toBe(0)

    // Interact where the payloads sat: click the link text and the heading, tag the sentence.
    await page.getByText('Read the contract').click()
    await page.getByText('Port deal under scrutiny').last().click()
    await selectWithMouse(page, 'only one bid')
    await page.keyboard.press('c')
    await page.waitForSelector('.sw-save-status:has-text("All changes saved")')
    await settle(wb)

    await expect(page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).resolves.toBeUndefined()
    expect(page.url()).toBe(pathToFileURL(RENDERER_INDEX).href)
    expect(page.frames()).toHaveLength(1)
    expect(hits).toEqual([])
    expect(wb.requests.filter((u) => !isAppFile(u))).toEqual([])
    expect(wb.errors).toEqual([])
  })
})

describe('the network', () => {
  it("a full session requests nothing but the app's own files", async () => {
    wb = await openWorkbench({
      files: {
        'evil.html': evilPage(),
        'minutes.txt': PLAIN,
        'notes/summary.md': '# Summary\n\nThe **mayor** denies any link to the bidder.',
      },
    })
    const { page } = wb
    await openArticle(page, 'Council minutes')
    await selectWithMouse(page, 'The council approved the port contract')
    await page.keyboard.press('c')
    await selectWithMouse(page, 'The mayor')
    await page.keyboard.press('e')
    await page.waitForSelector('.sw-save-status:has-text("All changes saved")')
    await page.keyboard.press('Escape')
    await page.keyboard.press('?')
    await page.keyboard.press('Escape')

    await openArticle(page, 'Port deal under scrutiny')
    await selectWithMouse(page, 'The mayor said the port contract was signed in March')
    await page.keyboard.press('q')
    await page.waitForSelector('.sw-save-status:has-text("All changes saved")')

    await page.click('button[name="compare"]')
    await page.selectOption('.sw-dialog select[name="article"]', { index: 1 })
    await page.click('.sw-dialog button[type="submit"]')
    await page.waitForSelector('button[name="close-compare"]')
    await page.click('button[name="close-compare"]')

    await page.click('.sw-tab[data-tab="entities"]')
    await page.click('.sw-tab[data-tab="search"]')
    await page.keyboard.type('mayor')
    await page.waitForSelector('.sw-search-group')
    await page.click('.sw-tab[data-tab="articles"]')

    await page.click('button:has-text("Export…")')
    await page.click('.sw-dialog button[type="submit"]')
    await page.waitForFunction(() => document.querySelector('.sw-notices')?.textContent?.includes('xport'))

    await wb.restart()
    await openArticle(wb.page, 'Summary')
    await settle(wb)

    const foreign = wb.requests.filter((u) => !isAppFile(u))
    expect(wb.requests.some(isAppFile)).toBe(true) // the recorder does see the page's requests
    expect(foreign).toEqual([])
    expect(hits).toEqual([])
    expect(wb.exports.length).toBe(1)
    const appFiles = [...new Set(wb.requests)]
    await recordFigures(
      'requests',
      { requests: wb.requests.length, distinctFiles: appFiles.length, foreign: foreign.length, serverHits: hits.length },
      [
        '| renderer requests in a full session | distinct files | all under out/renderer | requests elsewhere | hits on the bait server (both e2e tests) |',
        '|---:|---:|---|---:|---:|',
        `| ${wb.requests.length} | ${appFiles.length} | yes | **${foreign.length}** | **${hits.length}** |`,
        '',
        "From `test/e2e/security.test.ts`: library, tagging with mouse and keyboard, shortcuts help, a hostile HTML article, compare, entities, search, export, restart. The hostile article's scripts, handlers, `javascript:` URLs, frames, remote images, styles, `<base>`, `<meta refresh>` and autofocus tricks aimed at a local HTTP server: no hit, and the global they would set stayed unset.",
      ].join('\n'),
    )
  })
})
