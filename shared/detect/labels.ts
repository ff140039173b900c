/**
 * Labels that say "the value next to me is a secret": a field's label, a table's column header, the
 * words before a value on the same line (`Secret access key: …`, `OPENAI_API_KEY=…`).
 */

/** Words that name a secret; not preceded or followed by a letter, so `OPENAI_API_KEY` counts and `tokenizer` does not. */
const SECRET_WORDS = 'api[ _-]?keys?|api[ _-]?tokens?|access[ _-]?keys?|secrets?|tokens?|auth[ _-]?tokens?|passwords?|credentials?|private[ _-]?keys?|bearer';

export const SECRET_LABEL = new RegExp(`(?<![a-z])(?:${SECRET_WORDS})(?![a-z])`, 'i');

/** A label word directly before a value: at most a few separators (`: "`, ` = '`, `">`) between them. */
const LABEL_BEFORE = new RegExp(`(?<![a-z])(?:${SECRET_WORDS})[^A-Za-z0-9\\n]{0,8}$`, 'i');

/** How far back on the same line a label may start. */
const LOOK_BACK = 64;

/** The label written just before `start` in `text`, if there is one. */
export function labelBefore(text: string, start: number): string | undefined {
  const window = text.slice(Math.max(0, start - LOOK_BACK), start);
  const line = window.slice(window.lastIndexOf('\n') + 1);
  return LABEL_BEFORE.test(line) ? line : undefined;
}
