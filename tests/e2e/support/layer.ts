/**
 * Reaching into KeyHaven's closed shadow root the way only the browser's own tools can (the page's
 * scripts cannot): DevTools protocol to find the root, a person's mouse and keyboard to use it.
 */
import type { CDPSession, Frame, Page } from '@playwright/test';
import { CONTROL_POINT, PANEL_TEXT } from '../lanes/layer-scripts.js';
import type { PageLayer } from '../lanes/screen.js';

interface DomNode {
  nodeId: number;
  children?: DomNode[];
  shadowRoots?: (DomNode & { shadowRootType?: string })[];
  contentDocument?: DomNode;
}

function findClosedRoot(node: DomNode): DomNode | null {
  for (const root of node.shadowRoots ?? []) if (root.shadowRootType === 'closed') return root;
  for (const child of node.children ?? []) {
    const found = findClosedRoot(child);
    if (found) return found;
  }
  return null;
}

function firstFrameDocument(node: DomNode): DomNode | null {
  if (node.contentDocument) return node.contentDocument;
  for (const child of node.children ?? []) {
    const found = firstFrameDocument(child);
    if (found) return found;
  }
  return null;
}

export class Layer implements PageLayer {
  private constructor(private readonly page: Page, private readonly cdp: CDPSession, private readonly inFrame: boolean) {}

  /** `frame`: the layer inside the page's first (same-origin) iframe rather than the page's own. */
  static async of(page: Page, where: 'page' | 'frame' = 'page'): Promise<Layer> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable');
    return new Layer(page, cdp, where === 'frame');
  }

  /**
   * The layer inside a frame of another site (an out-of-process frame: the page's own DOM tree does not
   * reach into it). For reading only: clicks go through the page's mouse.
   */
  static async ofFrame(page: Page, frame: Frame): Promise<Layer> {
    const cdp = await page.context().newCDPSession(frame);
    await cdp.send('DOM.enable');
    return new Layer(page, cdp, false);
  }

  /** Runs `fn` with the closed shadow root as `this` (null when there is none yet). */
  private async call<T>(fn: string, ...args: unknown[]): Promise<T | null> {
    const { root } = await this.cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const start = this.inFrame ? firstFrameDocument(root as DomNode) : (root as DomNode);
    const shadow = start && findClosedRoot(start);
    if (!shadow) return null;
    const { object } = await this.cdp.send('DOM.resolveNode', { nodeId: shadow.nodeId });
    const { result } = await this.cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId!,
      functionDeclaration: fn,
      arguments: args.map((value) => ({ value })),
      returnByValue: true,
    });
    return result.value as T;
  }

  /** The text a person sees in KeyHaven's panels on this page ('' when none is open). */
  async text(): Promise<string> {
    return (await this.call<string>(PANEL_TEXT)) ?? '';
  }

  /** The accessible names of the dialogs KeyHaven shows, as assistive technology reads them. */
  async dialogs(): Promise<string[]> {
    const { nodes } = await this.cdp.send('Accessibility.getFullAXTree');
    return nodes.filter((n) => n.role?.value === 'dialog').map((n) => String(n.name?.value ?? ''));
  }

  /** Where the panels are, in the window's coordinates (as Playwright's boundingBox gives the page's elements). */
  async boxes(selector = '.panel'): Promise<{ x: number; y: number; width: number; height: number }[]> {
    return (await this.call(`function (s) { return [...this.querySelectorAll(s)].map((e) => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; }); }`, selector)) ?? [];
  }

  /** A computed style of the first element matching `selector` in the layer. */
  async style(selector: string, property: string): Promise<string | null> {
    return this.call(`function (s, p) { const e = this.querySelector(s); return e ? getComputedStyle(e).getPropertyValue(p) : null; }`, selector, property);
  }

  /** The layer's markup and style sheet, for checking it where tools can see it (axe cannot enter a closed root). */
  async markup(): Promise<string> {
    return (await this.call<string>('function () { return this.innerHTML; }')) ?? '';
  }

  /** Whether the control named `name` is disabled. */
  async disabled(name: string): Promise<boolean | null> {
    return this.call(`function (name) { const el = [...this.querySelectorAll('button, input')].find((b) => b.textContent.trim() === name || b.getAttribute('aria-label') === name); return el ? el.disabled : null; }`, name);
  }

  /** Clicks the control whose text or accessible name is `name`, with the mouse. */
  async click(name: string): Promise<void> {
    const point = JSON.parse((await this.call<string>(CONTROL_POINT, name)) ?? 'null') as { x: number; y: number } | null;
    if (!point) throw new Error(`no "${name}" in KeyHaven's panel; it shows: ${await this.text()}`);
    await this.page.mouse.click(point.x, point.y);
  }
}
