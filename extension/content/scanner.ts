/**
 * Watches the page for keys: the text of nodes, `<code>`/`<pre>`, the values of inputs and textareas,
 * `value` attribute changes and nodes inserted later (keys often appear seconds after a click, in a
 * modal). Only added or changed nodes are scanned, the work is batched once per frame under a budget,
 * and very large text is capped. Nothing leaves the page from here: findings go to a callback.
 */
import { detectKeys, MIN_KEY_LENGTH, type DetectContext, type Detection } from '../../shared/detect/index.js';
import { HeaderCache, labelNear } from './dom-labels.js';

export interface Found {
  detection: Detection;
  /** The element showing the key (the input, or the text's parent). */
  element: Element;
}

/** Characters scanned per node, and per frame across nodes; the rest waits for the next frame. */
export const NODE_CAP = 64 * 1024;
export const FRAME_BUDGET = 512 * 1024;

/** By `localName` (lower case for HTML and SVG alike: no upper-casing per node). */
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'canvas', 'iframe']);

export class PageScanner {
  private readonly dirty = new Set<Node>();
  private scheduled = false;
  private readonly seen = new Set<string>();
  /** Column headers read during the current batch (cleared after it). */
  private readonly headers = new HeaderCache();
  /** The element whose text is being scanned: one context object serves every call. */
  private current: Element | null = null;
  private readonly context: DetectContext;
  private readonly observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'childList') r.addedNodes.forEach((n) => this.mark(n));
      else this.mark(r.target);
    }
  });

  constructor(
    host: string,
    private readonly onFound: (found: Found[]) => void,
    /** Nodes that are KeyHaven's own (its prompt's host element). */
    private readonly isOwn: (node: Node) => boolean,
  ) {
    this.context = { host, label: () => (this.current ? labelNear(this.current, this.headers) : undefined) };
  }

  start(): void {
    this.mark(document.body);
    this.observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['value'] });
    // Values typed or set by script do not show up as mutations.
    document.addEventListener('input', (e) => e.target instanceof Node && this.mark(e.target), true);
    document.addEventListener('focusin', (e) => e.target instanceof Node && this.mark(e.target), true);
  }

  stop(): void {
    this.observer.disconnect();
  }

  mark(node: Node): void {
    if (this.isOwn(node)) return;
    this.dirty.add(node);
    if (this.scheduled) return;
    this.scheduled = true;
    // One batch per frame; hidden tabs get no frames, so a timer stands in for them.
    const run = () => {
      if (!this.scheduled) return;
      this.scheduled = false;
      this.flush();
    };
    requestAnimationFrame(run);
    setTimeout(run, 250);
  }

  /** Scans what changed, up to the frame's budget; returns how many characters it read. */
  flush(): number {
    let budget = FRAME_BUDGET;
    const found: Found[] = [];
    try {
      for (const node of this.dirty) {
        if (budget <= 0) break;
        this.dirty.delete(node);
        budget -= this.scanNode(node, found);
      }
    } finally {
      // Headers read in this batch may change before the next; the last element is not kept alive.
      this.headers.clear();
      this.current = null;
    }
    if (this.dirty.size > 0) this.mark(this.dirty.values().next().value!);
    if (found.length > 0) this.onFound(found);
    return FRAME_BUDGET - budget;
  }

  private scanText(text: string, element: Element, found: Found[]): number {
    if (text.length < MIN_KEY_LENGTH) return text.length;
    const capped = text.length > NODE_CAP ? text.slice(0, NODE_CAP) : text;
    this.current = element;
    for (const detection of detectKeys(capped, this.context)) {
      if (this.seen.has(detection.value)) continue;
      this.seen.add(detection.value);
      found.push({ detection, element });
    }
    return capped.length;
  }

  private scanNode(node: Node, found: Found[]): number {
    if (!node.isConnected || this.isOwn(node)) return 0;
    if (node instanceof Text) return node.parentElement && !SKIP.has(node.parentElement.localName) ? this.scanText(node.data, node.parentElement, found) : 0;
    if (!(node instanceof Element) || SKIP.has(node.localName)) return 0;
    if (node instanceof HTMLInputElement || node instanceof HTMLTextAreaElement) return this.scanText(node.value, node, found);
    let read = 0;
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      const { data } = t as Text;
      // Most text on a page is too short to hold a key: counted, not looked at further.
      if (data.length < MIN_KEY_LENGTH) {
        read += data.length;
        continue;
      }
      const parent = t.parentElement;
      if (parent && !SKIP.has(parent.localName) && !this.isOwn(parent)) read += this.scanText(data, parent, found);
    }
    for (const field of node.querySelectorAll('input, textarea')) read += this.scanText((field as HTMLInputElement).value, field, found);
    return read;
  }
}
