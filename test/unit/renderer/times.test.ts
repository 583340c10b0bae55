/**
 * "by Ana · 5 min ago" stays true: a message built with a time since (msgAgo) is written with the time
 * now, and rewritten as the minutes pass (keepTimesTrue, once a minute), in the window's language;
 * messages without a time are left alone. Under Node with linkedom's DOM and a fake clock.
 */
import { parseHTML } from 'linkedom'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { msg, msgAgo, setLanguage } from '../../../src/shared/i18n'

const dom = parseHTML('<!doctype html><html><body></body></html>')
const globals = globalThis as unknown as Record<string, unknown>

beforeAll(() => {
  globals.document = dom.document
  globals.Text = dom.Text
  globals.window = globalThis
  vi.useFakeTimers()
})
afterAll(() => {
  vi.useRealTimers()
  setLanguage('en')
  delete globals.document
  delete globals.Text
  delete globals.window
})

describe('times since, kept true', () => {
  it('rewrites "by Ana · 5 min ago" as the minutes pass, in the current language, and nothing else', async () => {
    const { h, keepTimesTrue } = await import('../../../src/renderer/app/dom')
    vi.setSystemTime(new Date('2026-12-01T10:00:00Z'))
    setLanguage('en')
    const note = h('span', {}, msgAgo('sync.byAuthor', { name: 'Ana' }, 'time', Date.now() - 5 * 60_000))
    const other = h('span', {}, msg('sync.field'))
    expect(note.textContent).toBe('by Ana · 5 min. ago')
    const clock = keepTimesTrue()
    try {
      vi.advanceTimersByTime(3 * 60_000)
      expect(note.textContent).toBe('by Ana · 8 min. ago')
      other.textContent = 'left as it is'
      setLanguage('es')
      vi.advanceTimersByTime(60 * 60_000)
      expect(note.textContent).toBe('por Ana · hace 1 h')
      expect(other.textContent).toBe('left as it is')
    } finally {
      clock.dispose()
    }
  })
})
