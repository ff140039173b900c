/**
 * The words a page shows next to a value or a field: what tells the detector that a bare 40-character
 * string is a "Secret access key", and the fill control that a field wants a key. Short and cheap:
 * a few DOM lookups, only when a generic shape or a focused field needs them.
 */
const MAX = 120;

const clean = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX);

/**
 * Header texts already read, for a caller that labels many cells at once (a scan of a table of hashes
 * asks for the same few headers thousands of times). Only for the length of one batch: pages change.
 */
export type HeaderCache = Map<Element, string>;

/** A table cell's column header. */
function columnHeader(cell: HTMLTableCellElement, headers?: HeaderCache): string {
  const table = cell.closest('table');
  // rows/tHead are direct lookups: a selector query here would walk the whole table for every cell.
  const header = table?.tHead?.rows[0] ?? table?.rows[0];
  const th = header?.cells[cell.cellIndex];
  if (!th || th === cell) return '';
  let text = headers?.get(th);
  if (text === undefined) {
    text = clean(th.textContent);
    headers?.set(th, text);
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
  const aria = element.closest('[aria-label]')?.getAttribute('aria-label');
  if (aria) return clean(aria);
  const cell = element.closest('td, th');
  if (cell instanceof HTMLTableCellElement) {
    const header = columnHeader(cell, headers);
    if (header) return header;
  }
  const dd = element.closest('dd');
  if (dd?.previousElementSibling?.tagName === 'DT') return clean(dd.previousElementSibling.textContent);
  for (let node: Element | null = element; node && node !== document.body; node = node.parentElement) {
    const before = node.previousElementSibling;
    if (before) return clean(before.textContent);
  }
  return '';
}
