/**
 * Tests on a candidate's own characters that tell a key from things shaped like one: documentation
 * placeholders (`sk-xxxx…`, AWS's `…EXAMPLE` keys, `your-api-key-here`), runs and sequences people type,
 * and prose that happens to follow a prefix (`sk-proj-keys-are-scoped-to-one-project`).
 *
 * The thresholds are set so a random key fails them with a probability far below one in a million per
 * key for the catalogue's lengths (docs/decisions.md #40).
 */

/** Words and runs that only appear in examples; case-specific so random bodies rarely hit them. */
const PLACEHOLDER = /EXAMPLE|[Ee]xample|xxxxxx|XXXXXX|YOUR[_-]|[Yy]our[_-]|REPLACE|[Rr]eplace|REDACTED|[Rr]edacted|DUMMY|[Dd]ummy|PLACEHOLDER|[Pp]laceholder|0000000|\.\.\./;

/** Shannon entropy in bits per character. */
export function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** The longest run of one character, or of consecutive code points (`abcdef`, `654321`). */
function longestRun(text: string): number {
  let longest = 1;
  let same = 1;
  let up = 1;
  let down = 1;
  for (let i = 1; i < text.length; i++) {
    const step = text.charCodeAt(i) - text.charCodeAt(i - 1);
    same = step === 0 ? same + 1 : 1;
    up = step === 1 ? up + 1 : 1;
    down = step === -1 ? down + 1 : 1;
    longest = Math.max(longest, same, up, down);
  }
  return longest;
}

/**
 * Whether a segment holds a run that was typed rather than drawn: the smaller the alphabet, the likelier
 * a random run, so digit-only and hex stretches need longer ones (each bar keeps a random key of the
 * catalogue's lengths below one in a million; decision #40). Digits inside a mixed segment are judged
 * as digits: `ntn_08665432190…` has a random 11-digit block, not a typed `654321`.
 */
function hasTypedRun(segment: string): boolean {
  if (/^[0-9a-f]+$/i.test(segment) && !/^[0-9]+$/.test(segment)) return longestRun(segment) >= 8;
  const digits = segment.match(/[0-9]+/g) ?? [];
  const rest = segment.split(/[0-9]+/);
  return digits.some((d) => longestRun(d) >= 9) || rest.some((r) => r.length > 0 && longestRun(r) >= 6);
}

/**
 * A short random string cannot show much entropy (16 characters at most 4 bits each, and usually a
 * repeat or two): the bar rises with the length, so that random keys pass it with a probability above
 * 1 − 10⁻⁶ (measured over a million random bodies per shape) while typed runs and placeholders still fail.
 */
function minimumEntropy(length: number): number {
  return length < 24 ? 2.2 : length < 48 ? 2.6 : 3;
}

/**
 * How English spells, to tell identifiers and words from random single-case ids: `ASIAPACIFICSOUTHEAST`
 * is shaped like an AWS id, and a random id spells nothing. Each letter costs the bits it takes to write
 * it after the letter before it (`a` = 0 bits … `z` = 25, rounded), counted once over the letters of
 * 250 000 words of English technical prose (package READMEs). A statistic of the language, not a list of
 * words: it refuses words it has never seen and leaves random strings alone.
 */
const FIRST_LETTER = 'egffdgffeihefeefjeedfggigj';
const NEXT_LETTER = [
  'lfeflifmfkhdedjfndedfggjfjdihhdlkjeeidjkdhmefhdlomfh',
  'dnhkdmndfleekocklfgdfplripehjfbjgldijfiidjogehfjkmho',
  'fgedgfhjiinffdjggcdejfgfhldikkefqqcmlflkcnqdifdqnqfq',
  'fkikcjfecplfifglpeeheilpkkdlmnbpnqeoojikellficdomqjn',
  'ggeffgfpmlheecdgmfedjgphnhemljcnmjgmlnmlegigbnfnnnmn',
  'dgihbffodlkhlfgjokdihmiohmdgkfcjjkdmidkkdhnjffehjpep',
  'cfjhcngkdhkfehddokhkginljoekedegdkfihhihefnlddgflrgl',
  'igfeihfliihedcfeodgeegfikidljhdmhheoiefideoddefonjhr',
  'mmmlmlmmjmmdmmmlmmmmamkmmmejfgchejdnghffdiofeefhirfp',
  'flfjcikfenihiidfhhecehijgjelghdjjcdjoghlfesefegpikfp',
  'gdggdhfoekkdedjfqdddhqokmmcmlnbmfldpnlmnfppkkiimpglp',
  'dlpjemldcppimfekpeellpelnmclfidkljennmfllcmnicllnhgi',
  'diiighlmgnkegdccogefkoeoojdkejbmmicmmglmfmmijkfmmlgc',
].join('');

/** Bits one character of the smallest single-case key alphabet carries: AWS ids are base32 (`A-Z2-7`). */
const RANDOM_BITS_PER_CHAR = 5;

/**
 * Whether a run of letters of one case (no digits) reads as English rather than as a random id: how many
 * bits likelier it is under the spelling model above than drawn uniformly from 32 characters, at least
 * WORD_BITS. For AWS's 16 random characters the chance that a real id is refused is 7.5 × 10⁻⁷ (worked
 * out exactly over every base32 string, digits included); larger alphabets and longer bodies make it
 * smaller still (1.8 × 10⁻⁹ for 26 of `A-Z0-9`). Runs shorter than 16 letters carry too little to judge.
 */
const WORD_BITS = 16;

export function spellsWords(letters: string): boolean {
  if (letters.length < 16 || !(/^[A-Z]+$/.test(letters) || /^[a-z]+$/.test(letters))) return false;
  const lower = letters.toLowerCase();
  let bits = 0;
  let previous = -1;
  for (let i = 0; i < lower.length; i++) {
    const letter = lower.charCodeAt(i) - 97;
    const cost = (previous < 0 ? FIRST_LETTER.charCodeAt(letter) : NEXT_LETTER.charCodeAt(previous * 26 + letter)) - 97;
    bits += RANDOM_BITS_PER_CHAR - cost;
    previous = letter;
  }
  return bits >= WORD_BITS;
}

/**
 * Whether a generic candidate is an identifier rather than a key: its letters, read in one case, spell
 * English (`lastSignificantToken`, `httpCredentialsToHttp…`) and it has at most two digits. A label
 * vouches for generic shapes, and code is full of labels followed by identifiers. A random base62 body
 * is refused about once in 200 000 at 20 characters and less often from 22 on (measured).
 */
export function readsAsWords(value: string): boolean {
  return countDigits(value) <= 2 && spellsWords(value.replace(/[^A-Za-z]/g, '').toLowerCase());
}

function countDigits(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

function characterClasses(text: string): number {
  return Number(/[A-Z]/.test(text)) + Number(/[a-z]/.test(text)) + Number(/[0-9]/.test(text));
}

/**
 * Whether the random part of a candidate (the value without its literal prefix) looks random enough to
 * be a key. `mixedCase`: the key's alphabet has both cases, so a long body without one of them is prose
 * or a hex hash rather than a key.
 */
export function looksRandom(body: string, mixedCase: boolean): boolean {
  if (PLACEHOLDER.test(body)) return false;
  const letters = body.replace(/[^A-Za-z0-9]/g, '');
  if (letters.length < 16) return true; // too short for statistics: the pattern's shape has to do
  if (spellsWords(letters)) return false;
  // Runs are counted within a segment: `…-12-345678…` joins two random numbers, it is not a sequence.
  if (body.split(/[^A-Za-z0-9]+/).some((segment) => segment.length > 0 && hasTypedRun(segment))) return false;
  if (entropy(letters) < minimumEntropy(letters.length)) return false;
  if (letters.length >= 24 && characterClasses(letters) < 2) return false;
  if (mixedCase && letters.length >= 20 && !(/[A-Z]/.test(letters) && /[a-z]/.test(letters))) return false;
  return true;
}
