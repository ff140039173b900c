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
  // cell → row → section (or the table itself): three steps up, where `closest` would test every ancestor.
  const section = cell.parentElement?.parentElement;
  const table = section instanceof HTMLTableElement ? section : section?.parentElement instanceof HTMLTableElement ? section.parentElement : cell.closest('table');
  // rows/tHead are direct lookups: a selector query here would walk the whole table for every cell.
  const header = table?.tHead?.rows[0] ?? table?.rows[0];
  const th = header?.cells[cell.cellIndex];
  // A first row of plain cells is data (a table without headers), not the column's name.
  if (!th || th === cell || (th.tagName !== 'TH' && th.parentElement?.parentElement !== table?.tHead)) return '';
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
  // One walk up for the three things looked for (three `closest` calls walked the ancestors three times).
  let aria: string | null = null;
  let cell: HTMLTableCellElement | null = null;
  let dd: Element | null = null;
  for (let node: Element | null = element; node; node = node.parentElement) {
    if (aria === null && node.hasAttribute('aria-label')) aria = node.getAttribute('aria-label');
    if (!cell && node instanceof HTMLTableCellElement) cell = node;
    if (!dd && node.localName === 'dd') dd = node;
  }
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
