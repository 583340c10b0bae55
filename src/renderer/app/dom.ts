/**
 * A tiny element builder: the renderer's UI is plain DOM, so this is the whole "framework".
 * A child or attribute given as a message (`msg('key')`, shared/i18n) is written in the current language
 * and rewritten by `relabel()` when the language changes, wherever the element is (shown or not).
 */
import { isMsg, msgText, type Msg } from '../../shared/i18n'

type Attrs = Record<string, string | number | boolean | undefined | null | EventListener | Msg>
type Child = Node | string | Msg | null | undefined | false

/** Elements with a message among their attributes, and text nodes written from a message. */
const labelled = new Set<WeakRef<Element | Text>>()
const messages = new WeakMap<Element | Text, Msg | [string, Msg][]>()
let sinceSweep = 0

function remember(node: Element | Text, what: Msg | [string, Msg][]): void {
  messages.set(node, what)
  labelled.add(new WeakRef(node))
  // Rows of virtual lists come and go: forget the collected ones now and then.
  if (++sinceSweep > 5000) {
    sinceSweep = 0
    for (const ref of labelled) if (!ref.deref()) labelled.delete(ref)
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag)
  const attrMessages: [string, Msg][] = []
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, '').toLowerCase(), value)
    else if (isMsg(value)) {
      el.setAttribute(name, msgText(value))
      attrMessages.push([name, value])
    } else if (name === 'class') el.className = String(value)
    else if (value === true) el.setAttribute(name, '')
    else el.setAttribute(name, String(value))
  }
  if (attrMessages.length > 0) remember(el, attrMessages)
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    if (isMsg(child)) el.append(text(child))
    else el.append(child)
  }
  return el
}

/**
 * Sets an element's text by rewriting its one text node when it has one (no new node: rows rewritten as
 * a list scrolls make no garbage for the collector and keep their layout objects).
 */
export function setText(el: Element, data: string): void {
  const node = el.firstChild
  if (node && node.nodeType === Node.TEXT_NODE && !node.nextSibling) (node as Text).data = data
  else el.textContent = data
}

/** A text node written from a message, rewritten when the language changes. */
export function text(message: Msg): Text {
  const node = document.createTextNode(msgText(message))
  remember(node, message)
  return node
}

/**
 * Rewrites every element built with messages in the current language (after a language switch), or
 * with `onlyTimes` only the messages that say how long ago something was (as time passes).
 */
export function relabel(onlyTimes = false): void {
  for (const ref of labelled) {
    const node = ref.deref()
    const what = node && messages.get(node)
    if (!node || !what) {
      labelled.delete(ref)
      continue
    }
    if (node instanceof Text) {
      if (!onlyTimes || (what as Msg).ago) node.data = msgText(what as Msg)
    } else for (const [name, m] of what as [string, Msg][]) if (!onlyTimes || m.ago) node.setAttribute(name, msgText(m))
  }
}

/** Keeps "5 min ago" true: rewrites the times of every message built with one, once a minute. */
export function keepTimesTrue(): { dispose(): void } {
  const timer = window.setInterval(() => relabel(true), 60_000)
  return { dispose: () => window.clearInterval(timer) }
}

/** True when the keyboard focus is in a field where letters are typed, not shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  if (!el) return false
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT'
}
