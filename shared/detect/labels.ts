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

/**
 * Whether a text holds one of `list`'s words, bounded as `words` bounds them. A looser question that
 * every match also answers comes first: is any of the words there at all, in any case. Most text a
 * page shows holds none, and the bounds' look-behinds, tried at every character, were a good part of
 * a page scan's time (issue #19).
 */
function wordTest(list: string[]): (text: string) => boolean {
  const strict = new RegExp(words(list));
  const loose = new RegExp(list.join('|'), 'i');
  return (text) => loose.test(text) && strict.test(text);
}

const hasSecretWord = wordTest(SECRET_WORDS);

/** Whether a text holds any word a label could be made of (otherwise no generic shape in it is worth trying). */
export const hasLabelWord = wordTest([...SECRET_WORDS, ...NAMING_WORDS]);

/**
 * A field that wants a secret, by its label, placeholder, name or id: the secret word ends the label's
 * identifier or phrase. `tokenName`, `nextPageToken`, `maxTokens`, "Secret question", "Token expiry"
 * or "API key name" name something else on the very forms where keys are made.
 */
export const SECRET_FIELD = new RegExp(
  `(?<![a-z])(?:${SECRET_WORDS.join('|')})(?![a-z])(?![ _-]?(?:names?|descriptions?|expir[a-z]*|ttl|limits?|counts?|urls?|endpoints?|paths?|arns?|hints?|questions?|answers?|formats?|scopes?|types?|ids?|lengths?|prefix(?:es)?)(?![a-z]))`,
  'i',
);

/** `…_KEY`: a naming word that may stand for a key (as against `…_ID`, `…_SID`). */
const hasKeyWord = wordTest(['keys?']);
const KEY_WORD = new RegExp(`^${words(['keys?'])}$`);

/**
 * A label word directly before a value, separated only as assignments and markup separate them (`: "`,
 * ` = '`, `=>`, `">`, a space): never an operator (`||`, `?`, `(`, `,`), which is how code identifiers
 * such as `questionToken || isJSDoc…` were read as labels.
 */
const LABEL_BEFORE = new RegExp(`(${words([...SECRET_WORDS, ...NAMING_WORDS])})[\\s"'\`]{0,3}(?:=>|:=|[:=>])?[\\s"'\`]{0,3}$`);

/**
 * Where a label's phrase starts: after the last list or code punctuation before it on its line. Not
 * after `{`: in `{"datadog": {"appKey": "…` the enclosing name says whose key it is.
 */
const PHRASE_BREAK = /[,;()[\]|&?!<]/g;

/** How far back on the same line a label may start. */
const LOOK_BACK = 64;

/** A label before a value: its phrase, and what the word right before the value says. */
export interface InlineLabel {
  /** From the last punctuation before it: `"SecretAccessKey":"`, `twilio token `, `PLAID_CLIENT_ID=`. */
  phrase: string;
  /** The word right before the value names a secret (`token`), not merely a thing (`id`, `key`). */
  secret: boolean;
  /** That word is `key`: a name that may stand for a key (`ALGOLIA_ADMIN_KEY`). */
  keyWord: boolean;
}

/** The label written just before `start` in `text`, if there is one. */
export function labelBefore(text: string, start: number): InlineLabel | undefined {
  const window = text.slice(Math.max(0, start - LOOK_BACK), start);
  const line = window.slice(window.lastIndexOf('\n') + 1);
  const m = LABEL_BEFORE.exec(line);
  if (!m) return undefined;
  let from = 0;
  for (const b of line.slice(0, m.index).matchAll(PHRASE_BREAK)) from = b.index + 1;
  const word = m[1]!;
  return { phrase: line.slice(from), secret: hasSecretWord(word), keyWord: KEY_WORD.test(word) };
}

/** The same facts for a label the caller read (a field's, a column header): the whole label is its phrase. */
export function callerLabelFacts(text: string): InlineLabel {
  return { phrase: text, secret: hasSecretWord(text), keyWord: hasKeyWord(text) };
}
