/**
 * A count with its noun, singular for one ("1 key", "20 keys", "0 keys"), so no sentence says "key(s)".
 * `many` is for nouns whose plural is not the noun and an s ("1 entry", "3 entries").
 */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
