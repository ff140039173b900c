/**
 * Labels that say "the value next to me is a secret": a field's label, a table's column header, the
 * words before a value on the same line (`Secret access key: …`, `OPENAI_API_KEY=…`, `"authToken": "…"`).
 */

/** Words that name a secret. */
const SECRET_WORDS = [
  'api[ _-]?keys?', 'api[ _-]?tokens?', 'access[ _-]?keys?', 'secret[ _-]?keys?', 'secrets?', 'tokens?', 'auth[ _-]?tokens?',
  'passwords?', 'credentials?', 'private[ _-]?keys?', 'bearer', 'app(?:lication)?[ _-]?keys?',
];

/**
 * Words that end a field's name without saying it holds a secret (`ALGOLIA_ADMIN_KEY=…`,
 * `PLAID_CLIENT_ID=…`, `Account SID`): on their own they vouch for nothing, but they let an entry's own
 * label, or its provider's name, vouch for the value after them.
 */
const NAMING_WORDS = ['keys?', 'ids?', 'sids?'];

/**
 * Each word matched in any case, and bounded the way identifiers are: not inside a longer lowercase
 * word (`tokenizer`, `secretary`), but a camelCase or PascalCase part counts (`authToken`,
 * `SecretAccessKey`, `clientSecret`). Case is spelled out per letter because an `i` flag would let
 * the bounds' `[a-z]` match capitals too, and per-group flags are too new for the browsers supported.
 */
function anyCase(word: string): string {
  return word.replace(/[a-z]/g, (ch) => `[${ch}${ch.toUpperCase()}]`);
}
const START = '(?:(?<![A-Za-z])|(?<=[a-z0-9])(?=[A-Z]))';
const END = '(?:(?<=[a-z])(?![a-z])|(?<=[A-Z])(?![A-Za-z]))';
const words = (list: string[]) => `${START}(?:${list.map(anyCase).join('|')})${END}`;

export const SECRET_LABEL = new RegExp(words(SECRET_WORDS));

/** Whether a text holds any word a label could be made of (otherwise no generic shape in it is worth trying). */
export const ANY_LABEL = new RegExp(words([...SECRET_WORDS, 'keys?', 'sids?']));

/** Whether a text holds any word an inline label could be made of (`labelBefore` reads one only with these). */
export const ANY_INLINE_LABEL = new RegExp(words([...SECRET_WORDS, ...NAMING_WORDS]));

/** A label word directly before a value: at most a few separators (`: "`, ` = '`, `">`, `,`) between them. */
const LABEL_BEFORE = new RegExp(`${words([...SECRET_WORDS, ...NAMING_WORDS])}[^A-Za-z0-9\\n]{0,8}$`);

/** How far back on the same line a label may start. */
const LOOK_BACK = 64;

/** The label written just before `start` in `text`, if there is one. */
export function labelBefore(text: string, start: number): string | undefined {
  const window = text.slice(Math.max(0, start - LOOK_BACK), start);
  const line = window.slice(window.lastIndexOf('\n') + 1);
  return LABEL_BEFORE.test(line) ? line : undefined;
}
