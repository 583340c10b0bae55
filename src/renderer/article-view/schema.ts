/**
 * The article document: doc > section+ > (heading | paragraph)+ > text. Sections group consecutive
 * blocks so the view can render a section at a time (far sections are placeholders, sections.ts) and
 * decorate highlights a section at a time; they carry no meaning in the article itself.
 */
import { Schema } from 'prosemirror-model'

export const articleSchema = new Schema({
  nodes: {
    doc: { content: 'section+' },
    section: {
      content: 'block+',
      attrs: { index: { default: 0 }, estimatedHeight: { default: 0 } },
      toDOM: () => ['section', { class: 'sw-section' }, 0],
    },
    heading: {
      group: 'block',
      content: 'text*',
      attrs: { level: { default: 2 } },
      // Article headings sit below the article's title, so h1 in a file shows as h2 here; level 0 is the
      // headline itself, shown as the article's title (the header then leaves it out: no repetition).
      toDOM: (node) => [headingTag(Number(node.attrs.level)), { class: headingClass(Number(node.attrs.level)) }, 0],
    },
    paragraph: {
      group: 'block',
      content: 'text*',
      attrs: { role: { default: 'paragraph' } },
      toDOM: (node) => ['p', { class: `sw-block sw-${node.attrs.role}` }, 0],
    },
    text: {},
  },
})

export const headingTag = (level: number): string => `h${Math.min(6, level + 1)}`
export const headingClass = (level: number): string => (level === 0 ? 'sw-block sw-headline sw-article-title' : 'sw-block')
