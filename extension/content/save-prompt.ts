/**
 * "Save to KeyHaven": the prompt next to a key the page just showed, prefilled with the provider, the
 * kind, a name and the page's address. Locked: it says so, opens the popup to unlock and finishes the
 * save when the background reports it.
 */
import type { Detection } from '../../shared/detect/index.js';
import type { SaveResult } from '../messages/content-protocol.js';
import { keyPhrase } from '../../shared/detect/catalogue/names.js';
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

/** "OpenAI project key (2026-11-22)": provider, kind and the day, so the list says where a key came from. */
function defaultName(key: Detection): string {
  const phrase = key.pair ? `${providerName(key.provider)} access key` : keyPhrase(key.provider, key.kind);
  return `${phrase} (${new Date().toISOString().slice(0, 10)})`;
}

/** How long "Saved" stays in view before the prompt closes: read, not lingering over the page. */
export const CLOSE_AFTER_SAVE_MS = 2_500;

export class SavePrompt {
  private readonly panel: HTMLElement;
  private readonly status = h('p', { role: 'status', class: 'status' });
  private readonly name: HTMLInputElement;
  private readonly button: HTMLButtonElement;
  /** Set once the key is saved (or found already saved): Enter in the name field does nothing more. */
  private done = false;

  constructor(overlay: Overlay, private readonly offer: Offer) {
    const { key, locked } = offer;
    const name = (this.name = h('input', { 'aria-label': 'Name', value: defaultName(key) }));
    const save = (this.button = h('button', { class: 'primary' }, locked ? 'Unlock and save' : 'Save to KeyHaven'));
    const dismiss = h('button', {}, 'Not now');
    const what = `${providerName(key.provider)} · ${offer.secret ? 'access key id + secret' : key.kind} · from ${location.host}${location.pathname}`;
    this.panel = h('div', { class: 'panel', role: 'dialog', 'aria-label': 'Save to KeyHaven' },
      h('h2', {}, 'Save this key to KeyHaven?'),
      h('p', { class: 'where' }, what),
      locked ? h('p', {}, 'KeyHaven is locked: unlock it in the popup and the key is saved.') : null,
      h('label', {}, 'Name', name),
      h('div', { class: 'row' }, save, dismiss),
      this.status,
    );
    const submit = () => void this.save(name.value.trim() || defaultName(key));
    save.addEventListener('click', submit);
    name.addEventListener('keydown', (e) => e.key === 'Enter' && submit());
    dismiss.addEventListener('click', () => this.close());
    this.panel.addEventListener('keydown', (e) => e.key === 'Escape' && this.close());
    overlay.show(this.panel, offer.element, 'beside');
  }

  get ref(): string {
    return this.offer.ref;
  }

  private async save(name: string): Promise<void> {
    if (this.done || this.button.disabled) return;
    const button = this.button;
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
    // Done: nothing is left to press (a second click would save twice), and the prompt goes away itself.
    this.done = true;
    this.button.textContent = result.status === 'saved' ? 'Saved' : 'Already saved';
    this.status.textContent = result.status === 'saved' ? `Saved to KeyHaven as "${result.name}".` : 'Already in KeyHaven.';
    for (const b of this.panel.querySelectorAll('button')) b.disabled = true;
    this.name.disabled = true;
    setTimeout(() => this.close(), CLOSE_AFTER_SAVE_MS);
  }

  close(): void {
    this.panel.remove();
  }
}
