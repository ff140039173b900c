/**
 * KeyHaven's layer on a page: one host element under <html> with a closed shadow root, so the page can
 * neither read nor restyle what is shown in it. Panels are placed next to the element they belong to.
 */
const STYLE = `
:host { all: initial; }
.panel { position: absolute; pointer-events: auto; box-sizing: border-box; width: 320px; padding: 10px 12px;
  font: 13px/1.4 system-ui, sans-serif; color: #1d2433; background: #fff; border: 1px solid #c9d1e0; border-radius: 8px;
  box-shadow: 0 4px 16px rgb(0 0 0 / 0.18); }
.panel h2 { margin: 0 0 4px; font-size: 13px; font-weight: 600; }
.panel p { margin: 0 0 8px; color: #4a5568; overflow-wrap: anywhere; }
.panel label { display: block; margin-bottom: 8px; }
.panel input { box-sizing: border-box; width: 100%; margin-top: 2px; padding: 4px 6px; font: inherit; border: 1px solid #a0aec0; border-radius: 4px; }
.row { display: flex; gap: 6px; flex-wrap: wrap; }
button { font: inherit; padding: 4px 10px; border-radius: 4px; border: 1px solid #a0aec0; background: #f7f9fc; color: inherit; cursor: pointer; }
button.primary { background: #2451b7; border-color: #2451b7; color: #fff; }
button:focus-visible, input:focus-visible { outline: 2px solid #2451b7; outline-offset: 1px; }
.choices { display: flex; flex-direction: column; gap: 4px; max-height: 220px; overflow: auto; margin-bottom: 8px; }
.choices button { text-align: left; overflow-wrap: anywhere; }
.status { color: #1f7a3d; }
.fill { position: absolute; pointer-events: auto; white-space: nowrap; font: 12px system-ui, sans-serif; padding: 2px 6px; }
`;

type Child = Node | string | null | undefined | false;

/** A small element builder: the panels are few and plain, no framework needed in the page. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<Record<string, string>> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) if (v !== undefined) el.setAttribute(k, v);
  for (const c of children) if (c) el.append(c);
  return el;
}

export class Overlay {
  readonly host = document.createElement('div');
  private readonly root: ShadowRoot;

  constructor() {
    this.root = this.host.attachShadow({ mode: 'closed' });
    this.root.append(h('style', {}, STYLE));
    Object.assign(this.host.style, { position: 'absolute', top: '0', left: '0', width: '0', height: '0', zIndex: '2147483647', pointerEvents: 'none' });
    // Under <html>, not <body>: modal libraries disable pointer events on <body> while a dialog is open.
    document.documentElement.append(this.host);
  }

  owns(node: Node): boolean {
    return node === this.host || this.host.contains(node);
  }

  /** Shows `panel` just below `anchor` (or over its right end with `inside`), kept inside the viewport's width. */
  show(panel: HTMLElement, anchor: Element, place: 'below' | 'inside' = 'below'): void {
    const r = anchor.getBoundingClientRect();
    this.root.append(panel);
    const width = panel.offsetWidth;
    const left = place === 'inside' ? r.right - width - 4 : Math.min(r.left, window.innerWidth - width - 8);
    const top = place === 'inside' ? r.top + (r.height - panel.offsetHeight) / 2 : r.bottom + 6;
    panel.style.left = `${Math.max(4, left) + window.scrollX}px`;
    panel.style.top = `${top + window.scrollY}px`;
  }
}
