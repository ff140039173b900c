/**
 * Plaintext import (.env, JSON, CSV): the migration path for secrets that live in files today.
 * Every source yields the same report: the items to add, and each skipped entry with where it was
 * and why, so that nothing disappears without a word.
 */
import Papa from 'papaparse';
import { guessProvider } from '../detect/guess.js';
import { VaultError } from '../errors.js';
import type { ItemDraft, ItemPayload } from '../vault/item.js';
import { createItem } from '../vault/lifecycle.js';
import { parseDotenv } from './dotenv.js';

export type ImportFormat = 'env' | 'json' | 'csv';

export interface SkippedEntry {
  /** "line 12", "row 3", "entry 4" or "key FOO": where to look in the source. */
  where: string;
  name?: string;
  reason: string;
}

export interface ImportReport {
  items: ItemPayload[];
  /** Where each item came from in the file ("line 3"), index for index with `items`. */
  origins: string[];
  skipped: SkippedEntry[];
}

export interface ImportOptions {
  now: Date;
  /** Applied to every imported item that does not name its own. */
  environment?: string;
  tags?: string[];
}

/** One entry read from a source, not yet validated: name and value are whatever the file held. */
type Candidate = { where: string; name: unknown; value: unknown; fields: Partial<ItemDraft> };

export function importPlaintext(text: string, format: ImportFormat, options: ImportOptions): ImportReport {
  const skipped: SkippedEntry[] = [];
  const candidates = format === 'env' ? fromEnv(text, skipped) : format === 'json' ? fromJson(text, skipped) : fromCsv(text, skipped);

  // The last definition of a name wins, as it does when a shell or dotenv loads the file; the others
  // are reported so the user can see which value was kept.
  const lastIndex = new Map<string, number>();
  candidates.forEach((c, i) => typeof c.name === 'string' && lastIndex.set(c.name, i));

  const items: ItemPayload[] = [];
  const origins: string[] = [];
  candidates.forEach((c, i) => {
    const name = typeof c.name === 'string' ? c.name : undefined;
    if (!name) return skipped.push({ where: c.where, reason: 'no name' });
    if (typeof c.value !== 'string' || c.value === '') return skipped.push({ where: c.where, name, reason: 'empty value' });
    if (lastIndex.get(name) !== i) return skipped.push({ where: c.where, name, reason: `${name} is defined again later; the later value was kept` });
    try {
      items.push(
        createItem(
          {
            ...c.fields,
            ...recognised(c.fields, name, c.value),
            name,
            value: c.value,
            environment: c.fields.environment || options.environment || '',
            tags: [...new Set([...(c.fields.tags ?? []), ...(options.tags ?? [])])],
          },
          options.now,
        ),
      );
      origins.push(c.where);
    } catch (error) {
      if (!(error instanceof VaultError)) throw error;
      skipped.push({ where: c.where, name, reason: error.message });
    }
  });
  return { items, origins, skipped };
}

/**
 * What the detector recognises in an entry the file did not describe: the provider and kind (as the add
 * form prefills them), and that it is an API key rather than a bare secret.
 */
function recognised(fields: Partial<ItemDraft>, name: string, value: string): Partial<ItemDraft> {
  if (fields.provider) return {};
  const guess = guessProvider(value, name);
  if (!guess) return {};
  return { provider: guess.provider, kind: guess.kind, ...(fields.type === 'secret' ? { type: 'api-key' as const } : {}) };
}

function fromEnv(text: string, skipped: SkippedEntry[]): Candidate[] {
  const { entries, problems } = parseDotenv(text);
  for (const p of problems) skipped.push({ where: `line ${p.line}`, ...(p.key ? { name: p.key } : {}), reason: p.reason });
  return entries.map((e) => ({ where: `line ${e.line}`, name: e.key, value: e.value, fields: { type: 'secret' } }));
}

const FIELDS = ['type', 'provider', 'kind', 'environment', 'url', 'notes'] as const;

/** Copies the optional fields a JSON object or CSV row may carry, leaving out anything else. */
function pickFields(source: Record<string, unknown>): Partial<ItemDraft> {
  const draft: Record<string, unknown> = {};
  for (const field of FIELDS) if (typeof source[field] === 'string' && source[field] !== '') draft[field] = source[field];
  if (typeof source.env === 'string' && !draft.environment) draft.environment = source.env;
  if (Array.isArray(source.tags)) draft.tags = source.tags.filter((t): t is string => typeof t === 'string');
  if (typeof source.tags === 'string') draft.tags = source.tags.split(/[;,]/).map((t) => t.trim()).filter(Boolean);
  return draft as Partial<ItemDraft>;
}

/** JSON: either a flat object `{ "NAME": "value" }` or an array of `{ name, value, provider?, … }`. */
function fromJson(text: string, skipped: SkippedEntry[]): Candidate[] {
  let data: unknown;
  const json = text.replace(/^\uFEFF/, '');
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new VaultError('invalid-input', `This file is not valid JSON${jsonErrorPlace((error as Error).message, json)}.`);
  }
  if (Array.isArray(data)) {
    return data.flatMap((entry: unknown, i): Candidate[] => {
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
        skipped.push({ where: `entry ${i + 1}`, reason: 'not an object with name and value' });
        return [];
      }
      const obj = entry as Record<string, unknown>;
      return [{ where: `entry ${i + 1}`, name: obj.name, value: obj.value, fields: pickFields(obj) }];
    });
  }
  if (typeof data === 'object' && data !== null) {
    return Object.entries(data).flatMap(([name, value]): Candidate[] => {
      if (typeof value !== 'string') {
        skipped.push({ where: `key ${name}`, name, reason: `value is a ${value === null ? 'null' : typeof value}, not a string` });
        return [];
      }
      return [{ where: `key ${name}`, name, value, fields: { type: 'secret' } }];
    });
  }
  throw new VaultError('invalid-input', 'JSON import takes an object of NAME: "value" pairs or an array of {name, value} objects');
}

/**
 * Where a JSON.parse error points, as " (line 1, column 2)", without the engine's wording around it
 * (which quotes the file and differs between engines: some give a line and column, some a position).
 * Empty when the engine gives no place.
 */
function jsonErrorPlace(message: string, text: string): string {
  const lineColumn = /line (\d+) column (\d+)/i.exec(message);
  if (lineColumn) return ` (line ${lineColumn[1]}, column ${lineColumn[2]})`;
  const position = /position (\d+)/i.exec(message);
  if (!position) return '';
  const before = text.slice(0, Number(position[1])).split('\n');
  return ` (line ${before.length}, column ${before[before.length - 1]!.length + 1})`;
}

/** CSV with a header row naming at least `name` and `value` (case-insensitive); other known columns are used. */
function fromCsv(text: string, skipped: SkippedEntry[]): Candidate[] {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  const columns = parsed.meta.fields ?? [];
  if (!columns.includes('name') || !columns.includes('value')) {
    throw new VaultError('invalid-input', `the CSV header must name "name" and "value" columns; found: ${columns.join(', ') || 'none'}`);
  }
  const badRows = new Set<number>();
  for (const error of parsed.errors) {
    if (error.row === undefined) continue;
    badRows.add(error.row);
    skipped.push({ where: `row ${error.row + 2}`, reason: `unreadable CSV row (${error.message})` });
  }
  return parsed.data.flatMap((row, i): Candidate[] =>
    badRows.has(i) ? [] : [{ where: `row ${i + 2}`, name: row.name?.trim(), value: row.value, fields: pickFields(row) }],
  );
}
