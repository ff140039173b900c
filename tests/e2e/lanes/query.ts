/**
 * How a journey names what it looks at: by role and accessible name, by label, or by text, as a person
 * (or a screen reader) finds things. One finder runs inside the page for both browsers, so a journey
 * means the same thing in Chromium and in Firefox; the drivers only carry it there.
 */

/** A string matches the whole name (spaces collapsed); a RegExp matches anywhere in it. */
export type Name = string | RegExp;

export type Role =
  | 'alert' | 'button' | 'checkbox' | 'dialog' | 'figure' | 'form' | 'heading' | 'link' | 'list' | 'listitem'
  | 'note' | 'radio' | 'region' | 'row' | 'status' | 'tab' | 'table';

export interface Query {
  role?: Role;
  /** The accessible name (with `role`). */
  name?: Name;
  /** The control (or element) whose label or aria-label this is. */
  label?: Name;
  /** The element whose own visible text this is. */
  text?: Name;
  /** Kept when its text holds this (a string anywhere in it) … */
  hasText?: Name;
  /** … and dropped when it holds this. */
  hasNotText?: Name;
  /** Looked for inside the first visible match of each, in order. */
  within?: Query[];
}

/** What crosses into the page: RegExps as source and flags, which every driver can serialise. */
export type WireName = { s: string } | { re: string; flags: string };
export type WireQuery = Omit<Query, 'name' | 'label' | 'text' | 'hasText' | 'hasNotText' | 'within'> & {
  name?: WireName; label?: WireName; text?: WireName; hasText?: WireName; hasNotText?: WireName; within?: WireQuery[];
};

const wireName = (n: Name | undefined): WireName | undefined =>
  n === undefined ? undefined : typeof n === 'string' ? { s: n } : { re: n.source, flags: n.flags };

export function toWire(q: Query): WireQuery {
  return {
    role: q.role,
    name: wireName(q.name),
    label: wireName(q.label),
    text: wireName(q.text),
    hasText: wireName(q.hasText),
    hasNotText: wireName(q.hasNotText),
    within: q.within?.map(toWire),
  };
}

export function describe(q: Query): string {
  const parts = [q.role && `role=${q.role}`, q.name && `name=${q.name}`, q.label && `label=${q.label}`, q.text && `text=${q.text}`, q.hasText && `has=${q.hasText}`, q.hasNotText && `hasNot=${q.hasNotText}`].filter(Boolean);
  return [...(q.within ?? []).map(describe), parts.join(' ')].join(' » ');
}

/**
 * Runs in the page (serialised by the driver: it must not refer to anything outside itself). Returns the
 * visible elements `q` names, in document order.
 */
export function findInPage(q: WireQuery): Element[] {
  const ROLES: Record<string, string> = {
    alert: '[role=alert]',
    button: 'button, [role=button], input[type=button], input[type=submit]',
    checkbox: 'input[type=checkbox], [role=checkbox]',
    dialog: 'dialog, [role=dialog]',
    figure: 'figure, [role=figure]',
    form: 'form, [role=form]',
    heading: 'h1, h2, h3, h4, h5, h6, [role=heading]',
    link: 'a[href], [role=link]',
    list: 'ul, ol, [role=list]',
    listitem: 'li, [role=listitem]',
    note: '[role=note]',
    radio: 'input[type=radio], [role=radio]',
    region: 'section, [role=region]',
    row: 'tr, [role=row]',
    status: 'output, [role=status]',
    tab: '[role=tab]',
    table: 'table, [role=table], [role=grid]',
  };
  const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
  const matches = (n: WireName | undefined, value: string) => {
    if (!n) return true;
    return 's' in n ? norm(value) === norm(n.s) : new RegExp(n.re, n.flags).test(norm(value));
  };
  const byIds = (el: Element, attr: string) =>
    (el.getAttribute(attr) ?? '').split(/\s+/).filter(Boolean).map((id) => norm(el.ownerDocument.getElementById(id)?.textContent)).join(' ');
  const labelOf = (el: Element): string => {
    if (el.hasAttribute('aria-labelledby')) return byIds(el, 'aria-labelledby');
    if (el.hasAttribute('aria-label')) return norm(el.getAttribute('aria-label'));
    const labels = (el as HTMLInputElement).labels;
    if (labels && labels.length) return [...labels].map((l) => norm(l.textContent)).join(' ');
    return '';
  };
  const nameOf = (el: Element): string => {
    const label = labelOf(el);
    if (label) return label;
    if (el instanceof HTMLInputElement && (el.type === 'button' || el.type === 'submit')) return norm(el.value);
    if (/^(INPUT|SELECT|TEXTAREA|UL|OL|TABLE|FORM|SECTION)$/.test(el.tagName) || ['list', 'form', 'region', 'table', 'dialog'].includes(el.getAttribute('role') ?? '')) return '';
    return norm((el as HTMLElement).innerText ?? el.textContent); // cells and blocks apart, as they are read
  };
  const holds = (n: WireName, value: string) => ('s' in n ? norm(value).includes(norm(n.s)) : matches(n, value));
  const visible = (el: Element) => (el as HTMLElement).checkVisibility?.() ?? true;
  const textOf = (el: Element) => norm((el as HTMLElement).innerText ?? el.textContent);

  const one = (scope: ParentNode, query: WireQuery): Element[] => {
    let found: Element[];
    if (query.role) {
      found = [...scope.querySelectorAll(ROLES[query.role]!)].filter((el) => {
        const role = el.getAttribute('role');
        return !role || role === query.role; // <button role="tab"> is a tab
      });
      if (query.name) found = found.filter((el) => matches(query.name, nameOf(el)));
    } else if (query.label) {
      found = [...scope.querySelectorAll('[aria-label], [aria-labelledby], input, select, textarea')].filter((el) => matches(query.label, labelOf(el)));
    } else if (query.text) {
      // The innermost elements whose text matches, as a person points at words.
      const all = [...scope.querySelectorAll('*')].filter((el) => !/^(SCRIPT|STYLE|HTML|BODY|HEAD)$/.test(el.tagName) && matches(query.text, textOf(el)));
      found = all.filter((el) => !all.some((other) => other !== el && el.contains(other)));
    } else {
      found = scope instanceof Element ? [scope] : [];
    }
    return found
      .filter(visible)
      .filter((el) => !query.hasText || holds(query.hasText, textOf(el)))
      .filter((el) => !query.hasNotText || !holds(query.hasNotText, textOf(el)));
  };

  let scope: ParentNode = document;
  for (const step of q.within ?? []) {
    const first = one(scope, step)[0];
    if (!first) return [];
    scope = first;
  }
  return one(scope, q);
}
