/**
 * The content script's wiring: scan the page, ask the background which found keys are new, offer to
 * save those, pair AWS key ids with their secrets, and offer to fill key fields.
 */
import { browser } from 'wxt/browser';
import { pairDetections, type Detection } from '../../shared/detect/index.js';
import type { SaveFinished } from '../messages/content-protocol.js';
import { PRESENT } from '../sites/tab-site.js';
import { askBackground } from './client.js';
import { FillControl } from './fill-control.js';
import { Overlay } from './overlay.js';
import { SavePrompt } from './save-prompt.js';
import { PageScanner, type Found } from './scanner.js';

/** The element a pair's two halves share: a table row, a list item, a dialog, a form. */
const PAIR_SCOPE = 'tr, [role=row], li, dl, dialog, [role=dialog], form';

const scopeOf = (f: Found) => (f.detection.pair ? (f.element.closest(PAIR_SCOPE) ?? f.element.parentElement ?? f.element) : f.element);

/** Joins key ids and secrets shown in the same row (or dialog, form…); everything else stays single. */
function groupFound(found: Found[]): { key: Detection; secret?: Detection; element: Element }[] {
  const byScope = new Map<Element, Found[]>();
  for (const f of found) byScope.set(scopeOf(f), [...(byScope.get(scopeOf(f)) ?? []), f]);
  const out: { key: Detection; secret?: Detection; element: Element }[] = [];
  for (const group of byScope.values()) {
    const elementOf = new Map(group.map((f) => [f.detection, f.element]));
    for (const item of pairDetections(group.map((f) => f.detection))) {
      if ('id' in item) out.push({ key: item.id, secret: item.secret, element: elementOf.get(item.secret)! });
      else out.push({ key: item, element: elementOf.get(item)! });
    }
  }
  return out;
}

/** Set in the extension's isolated world (the page cannot see or set it): a second injection does nothing. */
const STARTED = Symbol.for('keyhaven.content-started');

export function startContentScript(): void {
  const world = globalThis as { [STARTED]?: boolean };
  // "Watch this site" starts the script in open tabs; a dashboard the manifest covers may get it twice.
  if (world[STARTED]) return;
  world[STARTED] = true;
  // Nothing shows until the background agrees: a frame of a watched site inside a page KeyHaven does not
  // watch (a hostile page framing a dashboard to lay a decoy over Save) gets no prompt and no fill.
  void askBackground({ type: 'content.hello' }).then(start, () => undefined);
}

function start(): void {
  const overlay = new Overlay();
  const prompts = new Map<string, SavePrompt>();
  let counter = 0;

  /** Key ids offered alone, by scope: when their secret shows up later (a "Show" click), the pair replaces them. */
  const lonelyIds = new Map<Element, { found: Found; ref: string }>();

  const onFound = async (batch: Found[]) => {
    const found = [...batch];
    for (const f of batch) {
      const lonely = f.detection.pair?.role === 'secret' ? lonelyIds.get(scopeOf(f)) : undefined;
      if (!lonely) continue;
      lonelyIds.delete(scopeOf(f));
      prompts.get(lonely.ref)?.close();
      found.unshift(lonely.found);
    }
    const groups = groupFound(found);
    const answer = await askBackground({ type: 'content.check', values: groups.map((g) => g.key.value).slice(0, 20) }).catch(() => null);
    if (!answer) return;
    groups.slice(0, 20).forEach((g, i) => {
      if (!answer.locked && answer.known[i]) return; // already saved: not offered again
      const ref = `k${++counter}`;
      prompts.set(ref, new SavePrompt(overlay, { ref, key: g.key, secret: g.secret, element: g.element, locked: answer.locked }));
      const loneId = g.key.pair?.role === 'id' && !g.secret ? found.find((f) => f.detection === g.key) : undefined;
      if (loneId) lonelyIds.set(scopeOf(loneId), { found: loneId, ref });
    });
  };

  // A document kept in the back/forward cache still answers messages (Firefox keeps extension messaging
  // alive there) but is no longer the tab's page: whatever the tab shows now must not borrow its address.
  let shown = true;
  addEventListener('pagehide', () => void (shown = false));
  addEventListener('pageshow', (event) => {
    shown = true;
    // Back from the cache: say hello again, so the background remembers this document as the tab's page.
    if (event.persisted) void askBackground({ type: 'content.hello' }).catch(() => undefined);
  });

  browser.runtime.onMessage.addListener((message: unknown, _sender, sendResponse: (answer: boolean) => void) => {
    const m = message as Partial<SaveFinished> | { type?: unknown } | null;
    // The background asks whether this document is still the tab's page, for "For this site" and the frame check.
    if (m?.type === PRESENT) return void sendResponse(shown && window === window.top);
    if (m?.type === 'content.save-finished' && 'ref' in m && typeof m.ref === 'string' && m.result) prompts.get(m.ref)?.finished(m.result);
  });

  new PageScanner(location.hostname, (found) => void onFound(found), (node) => overlay.owns(node)).start();
  new FillControl(overlay);
}
