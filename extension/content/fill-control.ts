/**
 * "Fill from KeyHaven" on fields that ask for a key (their label says API key, secret or token). The
 * list of keys comes from the background on a click; the value only when the person picks one (the
 * background audits it as `item.fill` with the site).
 */
import { SECRET_LABEL } from '../../shared/detect/labels.js';
import { askBackground } from './client.js';
import { fieldLabel } from './dom-labels.js';
import { providerName } from './hosts.js';
import { h, type Overlay } from './overlay.js';

const TEXT_TYPES = new Set(['text', 'password', 'search', '']);

/** A field a key can go into: editable, text-like, and labelled as a secret (not a user name or e-mail). */
export function wantsKey(el: Element): el is HTMLInputElement | HTMLTextAreaElement {
  if (el instanceof HTMLInputElement) {
    if (!TEXT_TYPES.has(el.getAttribute('type') ?? '') || el.readOnly || el.disabled) return false;
    if (/username|email/.test(el.autocomplete)) return false;
  } else if (!(el instanceof HTMLTextAreaElement) || el.readOnly || el.disabled) {
    return false;
  }
  return SECRET_LABEL.test(fieldLabel(el));
}

/** Sets a field's value the way typing would, so frameworks that track input (React) see it. */
function setValue(field: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  const proto = field instanceof HTMLInputElement ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(field, value);
  field.dispatchEvent(new Event('input', { bubbles: true }));
  field.dispatchEvent(new Event('change', { bubbles: true }));
}

export class FillControl {
  private button: HTMLButtonElement | null = null;
  private menu: HTMLElement | null = null;
  private field: HTMLInputElement | HTMLTextAreaElement | null = null;

  constructor(private readonly overlay: Overlay) {
    document.addEventListener('focusin', (e) => {
      const target = e.target;
      if (target instanceof Element && wantsKey(target)) this.offer(target);
    }, true);
  }

  private offer(field: HTMLInputElement | HTMLTextAreaElement): void {
    if (this.field === field && this.button?.isConnected) return;
    this.close();
    this.field = field;
    this.button = h('button', { class: 'fill', 'aria-label': 'Fill from KeyHaven', title: 'Fill from KeyHaven' }, 'KeyHaven');
    // Keep the focus in the field while the button is pressed.
    this.button.addEventListener('mousedown', (e) => e.preventDefault());
    this.button.addEventListener('click', () => void this.openMenu());
    this.overlay.show(this.button, field, 'inside');
  }

  private async openMenu(): Promise<void> {
    const field = this.field;
    if (!field || !this.button) return;
    this.menu?.remove();
    const answer = await askBackground({ type: 'content.matches', hint: fieldLabel(field) });
    const close = h('button', {}, 'Close');
    close.addEventListener('click', () => this.close());
    let body: HTMLElement;
    if (answer.locked) {
      const unlock = h('button', { class: 'primary' }, 'Unlock KeyHaven');
      unlock.addEventListener('click', () => void askBackground({ type: 'content.unlock' }).then(() => this.close()));
      body = h('div', {}, h('p', {}, 'KeyHaven is locked. Unlock it, then choose a key.'), h('div', { class: 'row' }, unlock, close));
    } else if (answer.items.length === 0) {
      body = h('div', {}, h('p', {}, 'No active keys in KeyHaven yet.'), h('div', { class: 'row' }, close));
    } else {
      const list = h('div', { class: 'choices' });
      for (const item of answer.items) {
        const choice = h('button', {}, `${item.name} — ${providerName(item.provider || 'unknown')}${item.environment ? ` (${item.environment})` : ''}`);
        choice.addEventListener('click', () => void this.fill(field, item.id));
        list.append(choice);
      }
      body = h('div', {}, list, h('div', { class: 'row' }, close));
    }
    this.menu = h('div', { class: 'panel', role: 'dialog', 'aria-label': 'Fill from KeyHaven' }, h('h2', {}, 'Fill from KeyHaven'), body);
    this.menu.addEventListener('keydown', (e) => e.key === 'Escape' && this.close());
    this.overlay.show(this.menu, field);
    this.menu.querySelector('button')?.focus();
  }

  private async fill(field: HTMLInputElement | HTMLTextAreaElement, itemId: string): Promise<void> {
    const { value } = await askBackground({ type: 'content.fill', itemId });
    setValue(field, value);
    this.close();
    field.focus();
  }

  close(): void {
    this.menu?.remove();
    this.button?.remove();
    this.menu = this.button = null;
    this.field = null;
  }
}
