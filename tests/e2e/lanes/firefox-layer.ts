/**
 * KeyHaven's closed shadow root on a page in Firefox, reached over WebDriver BiDi: a node serialised with
 * `includeShadowTree: 'all'` carries its closed root, which a later call can use as `this` (the page's
 * own scripts never can). Clicks go through the page's mouse, as a person's do.
 */
import type { Frame, Page } from 'puppeteer-core';
import { CONTROL_POINT, DIALOG_NAMES, PANEL_TEXT } from './layer-scripts.js';
import type { PageLayer } from './screen.js';

interface BidiSession {
  send(method: string, params: object): Promise<{ result: Record<string, unknown> }>;
}
/** What script.callFunction answers. */
interface Evaluated {
  type: 'success' | 'exception';
  result?: RemoteNode & { value?: unknown };
}
interface RemoteNode {
  type: string;
  sharedId?: string;
  value?: { shadowRoot?: RemoteNode | null; mode?: string } | RemoteNode[];
}

/** Puppeteer's BiDi session and the frame's browsing context id (internal, untyped: see toolchain notes). */
function bidi(frame: Frame): { session: BidiSession; context: string } {
  const context = (frame as unknown as { browsingContext: { id: string; userContext: { browser: { session: BidiSession } } } }).browsingContext;
  return { session: context.userContext.browser.session, context: context.id };
}

/** `frame`: a frame of the page (an iframe is a browsing context of its own in BiDi); the page's own by default. */
export function firefoxLayer(page: Page, frame: Frame = page.mainFrame()): PageLayer {
  const { session, context } = bidi(frame);

  /** Runs `fn` (source; returns a string) with the closed root as `this`; null while there is no root. */
  async function call(fn: string, ...args: string[]): Promise<string | null> {
    const { result: found } = await session.send('script.callFunction', {
      functionDeclaration: '() => [...document.documentElement.children]',
      awaitPromise: false,
      target: { context },
      serializationOptions: { maxDomDepth: 0, includeShadowTree: 'all' },
      resultOwnership: 'root',
    });
    const nodes = ((found as unknown as Evaluated).result?.value ?? []) as RemoteNode[];
    const root = nodes.map((n) => (n.value as { shadowRoot?: RemoteNode | null } | undefined)?.shadowRoot).find((r) => r?.sharedId && (r.value as { mode?: string } | undefined)?.mode === 'closed');
    if (!root) return null;
    const { result: called } = await session.send('script.callFunction', {
      functionDeclaration: fn,
      this: { sharedId: root.sharedId },
      arguments: args.map((value) => ({ type: 'string', value })),
      awaitPromise: false,
      target: { context },
    });
    const { result } = called as unknown as Evaluated;
    return result?.type === 'string' ? (result.value as string) : null;
  }

  return {
    text: async () => (await call(PANEL_TEXT)) ?? '',
    dialogs: async () => JSON.parse((await call(DIALOG_NAMES)) ?? '[]') as string[],
    async click(name) {
      const at = JSON.parse((await call(CONTROL_POINT, name)) ?? 'null') as { x: number; y: number } | null;
      if (!at) throw new Error(`no "${name}" in KeyHaven's panel; it shows: ${await this.text()}`);
      await page.mouse.click(at.x, at.y);
    },
  };
}
