/**
 * Near-misses of a real record for fuzzing decoders: the record with one value somewhere in it replaced
 * by arbitrary JSON, dropped, cut short, given one changed character, or the whole record cut short as
 * text. Junk alone mostly fails at the first check; these reach the checks behind it.
 */
import fc from 'fast-check';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

function paths(value: Json, at: Path = []): Path[] {
  const here = [at];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => paths(v, [...at, i]))];
  if (value && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...at, k]))];
  return here;
}

/** `value` with the thing at `path` passed through `change` (undefined: removed). */
function edit(value: Json, path: Path, change: (old: Json) => Json | undefined): Json | undefined {
  if (path.length === 0) return change(value);
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = [...value];
    const next = edit(copy[head as number]!, rest, change);
    if (next === undefined) copy.splice(head as number, 1);
    else copy[head as number] = next;
    return copy;
  }
  const copy = { ...(value as Record<string, Json>) };
  const next = edit(copy[head as string]!, rest, change);
  if (next === undefined) delete copy[head as string];
  else copy[head as string] = next;
  return copy;
}

const flipChar = (text: string, at: number) => {
  if (text.length === 0) return 'x';
  const i = at % text.length;
  const c = text.charCodeAt(i);
  return text.slice(0, i) + String.fromCharCode(c === 0x41 ? 0x42 : 0x41) + text.slice(i + 1);
};

export function nearMisses(record: unknown): fc.Arbitrary<unknown> {
  const base = JSON.parse(JSON.stringify(record)) as Json;
  const all = paths(base);
  const changed = fc.record({ path: fc.constantFrom(...all), kind: fc.constantFrom('replace', 'drop', 'cut', 'flip'), replacement: fc.jsonValue(), at: fc.nat() }).map(({ path, kind, replacement, at }) =>
    edit(base, path, (old) => {
      if (kind === 'replace') return replacement as Json;
      if (kind === 'drop') return undefined;
      if (typeof old !== 'string') return kind === 'cut' ? null : typeof old === 'number' ? old + 1 + (at % 3) : replacement as Json;
      return kind === 'cut' ? old.slice(0, at % (old.length + 1)) : flipChar(old, at);
    }) ?? null,
  );
  const text = JSON.stringify(base);
  const cutText = fc.nat({ max: text.length }).map((n) => text.slice(0, n));
  return fc.oneof({ weight: 4, arbitrary: changed }, { weight: 1, arbitrary: cutText });
}
