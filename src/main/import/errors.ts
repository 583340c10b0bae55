/** An article file that cannot be read; the message is one line a journalist understands. */
export class ImportError extends Error {}
