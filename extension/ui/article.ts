/**
 * "a" or "an" before a phrase, by how its first word is said, not how it is spelled: "an OpenAI key",
 * "an AWS key" (ay-double-u-ess), "an npm token" (en-pee-em), "an xAI key", "a GitHub PAT", "a 1Password
 * token" (one), "an 8x8 key", "a unique id". Provider names are mostly brands; these rules cover the
 * catalogue's (tests/unit/extension/article.test.ts checks every one of them).
 */

/** Letters whose English names start with a vowel sound: an F, an H, an L, an M, an N, an R, an S, an X. */
const VOWEL_SOUND_LETTERS = new Set('aefhilmnorsx');
/** Spelled with a vowel, said with a consonant: "a unique", "a user", "a European", "a one-off". */
const CONSONANT_SOUND = /^(uni|us[aeiou]|uti|ur[aeiou]|ubi|eu|ewe|one|once)/i;
/** A silent h: "an hour", "an honest". */
const SILENT_H = /^(hour|honest|honou?r|heir)/i;

export function article(phrase: string): 'a' | 'an' {
  const word = phrase.trim().split(/[\s\-–—/(]/)[0] ?? '';
  if (/^\d/.test(word)) return numberArticle(word.replace(/[,\s]/g, '').match(/^\d+/)![0]);
  const letters = word.replace(/[^A-Za-z]/g, '');
  if (!letters) return 'a';
  if (saidLetterByLetter(letters)) return VOWEL_SOUND_LETTERS.has(letters[0]!.toLowerCase()) ? 'an' : 'a';
  if (SILENT_H.test(letters)) return 'an';
  if (CONSONANT_SOUND.test(letters)) return 'a';
  return /^[aeiou]/i.test(letters) ? 'an' : 'a';
}

/** The phrase with its article: `withArticle("OpenAI project key")` → "an OpenAI project key". */
export const withArticle = (phrase: string) => `${article(phrase)} ${phrase}`;

/**
 * Whether the word starts with a letter said by its name: a lone letter (X), an initialism (AWS, HCP,
 * NVIDIA reads the same), capitals before lower case (JFrog, SQLite), a lower-case letter before a
 * capital (xAI, iOS, mTLS), or lower case without a vowel (npm).
 */
function saidLetterByLetter(letters: string): boolean {
  return letters.length === 1 || /^[A-Z]+$/.test(letters) || /^[A-Z]{2,}[a-z]/.test(letters) || /^[a-z][A-Z]/.test(letters) || /^[b-df-hj-np-tv-xz]+$/.test(letters);
}

/** An 8…, 11 and 18 (and 11 000, 18 000 000: the same sound in the leading group) take "an". */
function numberArticle(digits: string): 'a' | 'an' {
  if (digits.startsWith('8')) return 'an';
  return digits.length % 3 === 2 && /^1[18]/.test(digits) ? 'an' : 'a';
}
