/**
 * The words a page shows next to a value or a field: what tells the detector that a bare 40-character
 * string is a "Secret access key", and the fill control that a field wants a key. Short and cheap:
 * a few DOM lookups, only when a generic shape or a focused field needs them.
 */
const MAX = 120;

const clean = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX);

/** What an element and its ancestors say about a value inside them: the nearest aria-label, table cell and `<dd>`. */
interface Above {
  aria: string | null;
  cell: HTMLTableCellElement | null;
  dd: Element | null;
}

/**
 * What was already read, for a caller that labels many values at once (a scan of a table of hashes asks
 * for the same few headers, and walks the same rows and table, thousands of times). Only for the length
 * of one batch: pages change.
 */
export class HeaderCache {
  readonly headers = new Map<Element, string>();
  readonly above = new Map<Element, Above>();
  /** Each table's row of column names, or null when its first row is data. */
  readonly headerRows = new Map<HTMLTableElement, HTMLTableRowElement | null>();
  clear(): void {
    this.headers.clear();
    this.above.clear();
    this.headerRows.clear();
  }
}

const NOTHING_ABOVE: Above = { aria: null, cell: null, dd: null };

/** What `node` adds to what its ancestors say. */
function factsOf(node: Element, outer: Above): Above {
  return {
    aria: node.hasAttribute('aria-label') ? node.getAttribute('aria-label') : outer.aria,
    cell: node instanceof HTMLTableCellElement ? node : outer.cell,
    dd: node.localName === 'dd' ? node : outer.dd,
  };
}

/** The nearest aria-label, cell and `<dd>` above `node`, each ancestor read once per batch. */
function ancestorsOf(node: Element, cache?: HeaderCache): Above {
  const parent = node.parentElement;
  if (!parent) return NOTHING_ABOVE;
  const known = cache?.above.get(parent);
  if (known) return known;
  const facts = factsOf(parent, ancestorsOf(parent, cache));
  cache?.above.set(parent, facts);
  return facts;
}

/**
 * The nearest aria-label, cell and `<dd>` at or above `node`. The element itself is not kept: a scan
 * asks once per element holding text, and keeping each of a table's thousands of cells cost more than
 * reading it.
 */
function above(node: Element, cache?: HeaderCache): Above {
  return factsOf(node, ancestorsOf(node, cache));
}

/** A table's row of column names: its head's first row, or a first row that has a `<th>`; null when that row is data. */
function headerRow(table: HTMLTableElement, headers?: HeaderCache): HTMLTableRowElement | null {
  let row = headers?.headerRows.get(table);
  if (row === undefined) {
    // rows/tHead are direct lookups: a selector query here would walk the whole table for every cell.
    const first = table.tHead?.rows[0] ?? table.rows[0] ?? null;
    row = first && (first.parentElement === table.tHead || [...first.cells].some((c) => c.tagName === 'TH')) ? first : null;
    headers?.headerRows.set(table, row);
  }
  return row;
}

/** A table cell's column header. */
function columnHeader(cell: HTMLTableCellElement, headers?: HeaderCache): string {
  // cell → row → section (or the table itself): three steps up, where `closest` would test every ancestor.
  const section = cell.parentElement?.parentElement;
  const table = section instanceof HTMLTableElement ? section : section?.parentElement instanceof HTMLTableElement ? section.parentElement : cell.closest('table');
  const header = table ? headerRow(table, headers) : null;
  // A first row of plain cells is data (a table without headers), not the column's name.
  if (!header) return '';
  const th = header.cells[cell.cellIndex];
  if (!th || th === cell || (th.tagName !== 'TH' && header.parentElement !== table?.tHead)) return '';
  let text = headers?.headers.get(th);
  if (text === undefined) {
    text = clean(th.textContent);
    headers?.headers.set(th, text);
  }
  return text;
}

/** A field's label: its <label>s, aria-label(ledby), placeholder, name and id. */
export function fieldLabel(field: HTMLInputElement | HTMLTextAreaElement): string {
  const byId = field.getAttribute('aria-labelledby')?.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
  const parts: (string | null | undefined)[] = [...(field.labels ?? [])].map((l) => l.textContent);
  parts.push(field.getAttribute('aria-label'), byId, field.placeholder, field.name, field.id);
  return clean(parts.filter(Boolean).join(' '));
}

/** The label nearest to an element that shows a value: a field's label, a column header, a term, the text before it. */
export function labelNear(element: Element, headers?: HeaderCache): string {
  if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) return fieldLabel(element);
  const { aria, cell, dd } = above(element, headers);
  if (aria) return clean(aria);
  if (cell) {
    const header = columnHeader(cell, headers);
    if (header) return header;
  }
  if (dd?.previousElementSibling?.tagName === 'DT') return clean(dd.previousElementSibling.textContent);
  for (let node: Element | null = element; node && node !== document.body; node = node.parentElement) {
    const before = node.previousElementSibling;
    if (before) return clean(before.textContent);
  }
  return '';
}
