/**
 * How hard a new password is to guess, by zxcvbn-ts (patterns, keyboard walks, dates, l33t, and
 * dictionaries of common passwords, words and names). Its dictionaries are about 1.5 MB, so this module
 * is its own chunk, loaded the first time a new password is typed (PasswordStrength.tsx), never with
 * the popup. It runs in the page: the password goes nowhere. No matcher that asks a server (such as
 * zxcvbn-ts's "pwned" one) is added, and nothing here stores or logs it.
 */
import { ZxcvbnFactory, type Score } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as common } from '@zxcvbn-ts/language-common';
import { dictionary as english, translations } from '@zxcvbn-ts/language-en';

const zxcvbn = new ZxcvbnFactory({ graphs: adjacencyGraphs, dictionary: { ...common, ...english }, translations, useLevenshteinDistance: true });

export interface Strength {
  /** 0 (guessed at once) to 4 (over 10¹⁰ guesses: out of reach even of an offline attack on a slow hash). */
  score: Score;
  /** What makes it weak, when something does ("This is a heavily used password."). */
  warning: string;
  /** The first of zxcvbn's suggestions ("Add more words that are less common."). */
  suggestion: string;
}

/** `related`: words a guesser would try first for this person (their email's name, the server's host). */
export function strengthOf(password: string, related: string[] = []): Strength {
  // Parts of an email or address count too ("ana" of ana@example.com); bits shorter than 3 letters do not.
  const words = related.flatMap((w) => [w, ...w.split(/[^\p{L}\p{N}]+/u)]).filter((w) => w.length >= 3);
  const { score, feedback } = zxcvbn.check(password, ['keyhaven', ...new Set(words)]);
  return { score, warning: feedback.warning ?? '', suggestion: feedback.suggestions[0] ?? '' };
}
