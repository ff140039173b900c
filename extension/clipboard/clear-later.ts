/**
 * Clears the clipboard after a delay if it still holds the copied value. Runs in a document (the offscreen
 * document in Chrome, the background page in Firefox): the service worker has no clipboard. It is given
 * the value's SHA-256, never the value, and compares digests in constant time.
 */
import { constantTimeEqual, fromHex, toHex, utf8 } from '../../shared/index.js';

export interface ClearRequest {
  target: 'keyhaven-clipboard';
  /** Hex SHA-256 of the copied value. */
  digest: string;
  delayMs: number;
}

export async function digestOf(value: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(value))));
}

/** Reads the clipboard's text through a paste into a scratch textarea (needs the clipboardRead permission). */
function readClipboard(): string {
  const area = document.createElement('textarea');
  document.body.append(area);
  area.focus();
  document.execCommand('paste');
  const text = area.value;
  area.remove();
  return text;
}

function emptyClipboard(): void {
  const onCopy = (event: ClipboardEvent) => {
    event.clipboardData?.setData('text/plain', '');
    event.preventDefault();
  };
  document.addEventListener('copy', onCopy);
  document.execCommand('copy');
  document.removeEventListener('copy', onCopy);
}

let timer: ReturnType<typeof setTimeout> | null = null;

/** Only the newest copy counts: a second copy replaces the first one's timer. */
export function clearLater(request: ClearRequest): void {
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = null;
    void (async () => {
      const current = readClipboard();
      if (current && constantTimeEqual(fromHex(await digestOf(current)), fromHex(request.digest))) emptyClipboard();
    })();
  }, request.delayMs);
}

export function isClearRequest(message: unknown): message is ClearRequest {
  const m = message as Partial<ClearRequest> | null;
  return typeof m === 'object' && m !== null && m.target === 'keyhaven-clipboard' && typeof m.digest === 'string' && /^[0-9a-f]{64}$/.test(m.digest) && typeof m.delayMs === 'number' && m.delayMs >= 0 && m.delayMs <= 600_000;
}
