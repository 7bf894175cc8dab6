import * as fs from 'fs';
import * as path from 'path';

/** The repository's root. */
export const ROOT = path.join(__dirname, '..', '..');

/**
 * One table cell of Markdown: a `|` would end the cell, even inside a code span; `<` and `>`
 * outside code spans would be read as HTML (`<64 hex digits>` would vanish).
 */
export function cell(text: string): string {
  return text.split(/(`[^`]*`)/).map((part) => (part.startsWith('`')
    ? part.replace(/\|/g, '\\|')
    : part.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;'))).join('');
}

/**
 * A doc's generated part, between two marker comments, as it should read and as it reads:
 * `expected` is the file with `content` between the markers. With UPDATE_DOCS=1 the file is
 * rewritten to `expected` (review the diff).
 */
export function generatedPart(doc: string, start: string, end: string, content: string): { text: string; expected: string } {
  const file = path.join(ROOT, doc);
  const text = fs.readFileSync(file, 'utf8');
  if (!text.includes(start) || !text.includes(end)) {
    throw new Error(`${doc} has lost its generated part: put the lines "${start}" and "${end}" back where it belongs, then run with UPDATE_DOCS=1`);
  }
  const expected = `${text.slice(0, text.indexOf(start) + start.length)}\n${content}\n${text.slice(text.indexOf(end))}`;
  if (process.env.UPDATE_DOCS === '1') fs.writeFileSync(file, expected);
  return { text, expected };
}
