/**
 * KeyHaven's layer on a page: one host element under <html> with a closed shadow root, so the page can
 * neither read nor restyle what is shown in it. Panels are placed next to the element they belong to.
 */
import tokens from '../ui/tokens.css?inline';
import { watchTheme, type Theme } from '../ui/theme.js';
import { placePanel, type Box } from './placement.js';

/*
 * The page's rules beat a shadow root's :host rule, and inherited properties (word-break, hyphens,
 * letter-spacing…) reach into the root through the host: a dashboard's `* { word-break: break-all }`
 * split "and" into "a nd". `!important` in the shadow's own rules wins over the page's (CSS Cascade 4,
 * context), so the host is reset and placed here, and the panels set their text properties themselves.
 */
const STYLE = `
:host { all: initial !important; position: absolute !important; top: 0 !important; left: 0 !important; width: 0 !important;
  height: 0 !important; z-index: 2147483647 !important; pointer-events: none !important; display: block !important; }
.panel, .fill { word-break: normal; overflow-wrap: break-word; hyphens: manual; white-space: normal; letter-spacing: normal;
  word-spacing: normal; text-transform: none; text-align: start; text-indent: 0; font-style: normal; visibility: visible; }
.panel { position: absolute; pointer-events: auto; box-sizing: border-box; width: 320px; max-width: calc(100vw - 8px); padding: 10px 12px;
  font: var(--text-md)/1.4 var(--font); color: var(--fg); background: var(--bg); border: 1px solid var(--control-border);
  border-radius: var(--radius-lg); box-shadow: var(--shadow); }
.panel h2 { margin: 0 0 4px; font-size: var(--text-md); font-weight: 600; }
.panel p { margin: 0 0 8px; color: var(--muted); }
/* Addresses and names may be one long word: only those break anywhere, not the sentences. */
.panel .where { overflow-wrap: anywhere; }
.panel label { display: block; margin-bottom: 8px; }
.panel input { box-sizing: border-box; width: 100%; margin-top: 2px; padding: 4px 6px; font: inherit; color: inherit; background: var(--bg);
  border: 1px solid var(--control-border); border-radius: var(--radius-sm); }
.row { display: flex; gap: 6px; flex-wrap: wrap; }
button { font: inherit; padding: 4px 10px; border-radius: var(--radius-sm); border: 1px solid var(--control-border); background: var(--surface);
  color: var(--fg); cursor: pointer; }
button.primary { background: var(--accent-fill); border-color: var(--accent-fill); color: var(--on-accent); }
button:focus-visible, input:focus-visible { outline: var(--focus-ring); outline-offset: 2px; }
.choices { display: flex; flex-direction: column; gap: 4px; max-height: 220px; overflow: auto; margin-bottom: 8px; }
.choices button { text-align: left; overflow-wrap: anywhere; }
.status { color: var(--success); }
.status:empty { display: none; }
button:disabled, input:disabled { cursor: default; opacity: 0.7; }
.fill { position: absolute; pointer-events: auto; white-space: nowrap; font: var(--text-sm) var(--font); padding: 2px 6px; }
`;

/*
 * The theme chosen in Settings (theme.ts), set on the panels themselves: the host is reset above, and an
 * attribute on it would tell the page which theme this person chose. The tokens are the extension's own
 * (tokens.css), so the prompt reads the same on a white page, a black one or one that restyles
 * everything: nothing of the page's colours reaches it.
 */
const SCHEME: Record<Theme, string> = { system: 'light dark', light: 'light', dark: 'dark' };

/*
 * The tokens declared on the panels, not on :host as the extension's pages have them: the page's rules
 * beat :host, and custom properties pass `all: initial` and inherit, so a page could set the prompt's
 * colours (white on white, a disguised Save) or its font — an @font-face per character then tells the
 * page's server which characters the fill menu's key names hold. Declared on the panels, only this
 * shadow root's own rules reach them.
 */
const TOKENS_ON_PANELS = tokens.replace(/:root,\s*:host\s*\{/, '.panel, .fill {');
if (TOKENS_ON_PANELS === tokens) throw new Error('tokens.css no longer declares its tokens on `:root, :host`: the on-page prompt must declare them on its panels');
const themeRule = (theme: Theme) => `.panel, .fill { color-scheme: ${SCHEME[theme]}; }`;

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
    const theme = h('style', {}, themeRule('system'));
    this.root.append(h('style', {}, TOKENS_ON_PANELS), h('style', {}, STYLE), theme);
    watchTheme((t) => (theme.textContent = themeRule(t)));
    // Under <html>, not <body>: modal libraries disable pointer events on <body> while a dialog is open.
    document.documentElement.append(this.host);
  }

  owns(node: Node): boolean {
    return node === this.host || this.host.contains(node);
  }

  /**
   * Shows `panel` just below `anchor` (a menu under its field), over its right end (`inside`: the fill
   * button), or `beside` it: off the key and the page's controls next to it, inside the window
   * (placement.ts). Placed in the page's coordinates, so it scrolls with what it belongs to.
   */
  show(panel: HTMLElement, anchor: Element, place: 'below' | 'inside' | 'beside' = 'below'): void {
    const r = anchor.getBoundingClientRect();
    this.root.append(panel);
    const size = { width: panel.offsetWidth, height: panel.offsetHeight };
    const view = { width: document.documentElement.clientWidth, height: window.innerHeight };
    const { left, top } =
      place === 'beside' ? placePanel(r, nearbyControls(anchor), size, view)
      : place === 'inside' ? { left: r.right - size.width - 4, top: r.top + (r.height - size.height) / 2 }
      : { left: Math.min(r.left, view.width - size.width - 8), top: r.bottom + 6 };
    panel.style.left = `${Math.max(4, left) + window.scrollX}px`;
    panel.style.top = `${top + window.scrollY}px`;
  }
}

/** What a page puts beside a key for a person to use: Copy, Show, Done, a link to the docs. */
const CONTROLS = 'button, a[href], [role=button], input:not([type=hidden]), select, textarea';
/** How near (px) a control must be to count as the key's: its row or its dialog, not the whole page. */
const NEAR = 96;

/** The visible controls within NEAR of the key (other than the key's own field), from its nearest few ancestors. */
function nearbyControls(anchor: Element): Box[] {
  const r = anchor.getBoundingClientRect();
  const scope = anchor.parentElement?.parentElement?.parentElement ?? document.body;
  const boxes: Box[] = [];
  for (const el of scope.querySelectorAll(CONTROLS)) {
    if (el === anchor) continue;
    const b = el.getBoundingClientRect();
    const apart = Math.max(b.left - r.right, r.left - (b.left + b.width), b.top - r.bottom, r.top - (b.top + b.height));
    if (b.width > 0 && b.height > 0 && apart <= NEAR) boxes.push(b);
    if (boxes.length >= 24) break;
  }
  return boxes;
}
