/**
 * "Save to KeyHaven": the prompt next to a key the page just showed, prefilled with the provider, the
 * kind, a name and the page's address. Locked: it says so, opens the popup to unlock and finishes the
 * save when the background reports it.
 */
import type { Detection } from '../../shared/detect/index.js';
import type { SaveResult } from '../messages/content-protocol.js';
import { askBackground } from './client.js';
import { providerName } from './hosts.js';
import { h, type Overlay } from './overlay.js';

export interface Offer {
  ref: string;
  key: Detection;
  /** The secret half when `key` is an AWS access key id found with it. */
  secret?: Detection;
  element: Element;
  locked: boolean;
}

/** Words of a catalogue kind as a person writes them (`classic-pat` → `classic PAT`). */
const kindWords = (kind: string) => kind.split('-').map((w) => (['api', 'pat', 'oauth'].includes(w) ? w.toUpperCase().replace('OAUTH', 'OAuth') : w)).join(' ');

/** "OpenAI project key (2026-11-22)": provider, kind and the day, so the list says where a key came from. */
function defaultName(key: Detection): string {
  const kind = key.pair ? 'access key' : `${kindWords(key.kind)} key`.replace(/ (key|token) key$/, ' $1');
  return `${providerName(key.provider)} ${kind} (${new Date().toISOString().slice(0, 10)})`;
}

export class SavePrompt {
  private readonly panel: HTMLElement;
  private readonly status = h('p', { role: 'status', class: 'status' });

  constructor(overlay: Overlay, private readonly offer: Offer) {
    const { key, locked } = offer;
    const name = h('input', { 'aria-label': 'Name', value: defaultName(key) });
    const save = h('button', { class: 'primary' }, locked ? 'Unlock and save' : 'Save to KeyHaven');
    const dismiss = h('button', {}, 'Not now');
    const what = `${providerName(key.provider)} · ${offer.secret ? 'access key id + secret' : key.kind} · from ${location.host}${location.pathname}`;
    this.panel = h('div', { class: 'panel', role: 'dialog', 'aria-label': 'Save to KeyHaven' },
      h('h2', {}, 'Save this key to KeyHaven?'),
      h('p', {}, what),
      locked ? h('p', {}, 'KeyHaven is locked: unlock it in the popup and the key is saved.') : null,
      h('label', {}, 'Name', name),
      h('div', { class: 'row' }, save, dismiss),
      this.status,
    );
    const submit = () => void this.save(name.value.trim() || defaultName(key), save);
    save.addEventListener('click', submit);
    name.addEventListener('keydown', (e) => e.key === 'Enter' && submit());
    dismiss.addEventListener('click', () => this.close());
    this.panel.addEventListener('keydown', (e) => e.key === 'Escape' && this.close());
    overlay.show(this.panel, offer.element);
  }

  get ref(): string {
    return this.offer.ref;
  }

  private async save(name: string, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    const { key, secret } = this.offer;
    try {
      const result = await askBackground({
        type: 'content.save', ref: this.offer.ref, value: key.value, secret: secret?.value, name,
        provider: key.provider === 'unknown' ? '' : key.provider, kind: secret ? 'access-key' : key.kind,
      });
      this.finished(result);
    } catch (error) {
      this.status.textContent = `Could not save: ${(error as Error).message}`;
      button.disabled = false;
    }
  }

  /** Shows how a save ended (now, or later when it waited for the unlock). */
  finished(result: SaveResult): void {
    if (result.status === 'locked') {
      this.status.textContent = 'Waiting for you to unlock KeyHaven…';
      return;
    }
    this.status.textContent = result.status === 'saved' ? `Saved to KeyHaven as "${result.name}".` : 'Already in KeyHaven.';
    for (const b of this.panel.querySelectorAll('button')) b.disabled = true;
    setTimeout(() => this.close(), 6_000);
  }

  close(): void {
    this.panel.remove();
  }
}
