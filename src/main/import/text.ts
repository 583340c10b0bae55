/**
 * Plain text: the file's characters are the article text (line ends normalised to "\n", NFC), and each
 * run of non-blank lines is a paragraph block, its indentation outside the block's range. The first line
 * is the title when it is short, as a reporter's notes usually start with one.
 */
import type { ArticleText } from '../../shared/model'
import { paragraphBlocks } from '../../shared/text-blocks'
import { titleFromBlocks } from './blocks'

/** A decoded .txt file as an article. */
export function extractPlainText(decoded: string): ArticleText {
  const text = decoded.replace(/\r\n?/g, '\n').normalize('NFC')
  const article: ArticleText = { text, blocks: paragraphBlocks(text), metadata: {} }
  const title = titleFromBlocks(article)
  return title ? { ...article, metadata: { title } } : article
}
