/**
 * "Fill from KeyHaven" on fields that ask for a key (their label says API key, secret or token). The
 * list of keys comes from the background on a click; the value only when the person picks one (the
 * background audits it as `item.fill` with the site).
 */
import { SECRET_FIELD } from '../../shared/detect/labels.js';
import type { ContentAnswers } from '../messages/content-protocol.js';
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
  return SECRET_FIELD.test(fieldLabel(el));
}

/** Where an environment variable's name and value sit together, nearest first: a row, an item, a group, a form. */
const VARIABLE_SCOPES = ['tr, [role=row], li, fieldset', 'form'];
/** `OPENAI_API_KEY`: an underscore is required, so a key id in capitals (`AKIA…`) is never taken for a name. */
const VARIABLE_NAME = /^[A-Z][A-Z0-9]{0,30}(?:_[A-Z0-9]{1,30}){1,6}$/;

/**
 * What the field asks for: its label, and on environment-variable forms (Vercel, Netlify, GitHub
 * secrets…) the variable name typed beside it: `ANTHROPIC_API_KEY` says which provider's key goes here.
 * Only fields a person can see count, from the nearest row or group (a form may hold a whole page).
 */
function fieldHint(field: HTMLInputElement | HTMLTextAreaElement): string {
  let names: string[] = [];
  for (const selector of VARIABLE_SCOPES) {
    const scope = field.closest(selector);
    if (!scope) continue;
    names = [...scope.querySelectorAll('input')].filter((i) => i !== field && i.type !== 'hidden' && i.offsetParent !== null && VARIABLE_NAME.test(i.value)).map((i) => i.value);
    if (names.length > 0) break;
  }
  return [fieldLabel(field), ...names].join(' ').slice(0, 200);
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

  private async openMenu(all = false): Promise<void> {
    const field = this.field;
    if (!field || !this.button) return;
    let body: HTMLElement;
    try {
      body = this.menuBody(field, await askBackground({ type: 'content.matches', hint: fieldHint(field), all }));
    } catch (error) {
      body = h('div', {}, h('p', { role: 'alert' }, error instanceof Error ? error.message : String(error)), h('div', { class: 'row' }, this.closeButton()));
    }
    this.menu?.remove();
    this.menu = h('div', { class: 'panel', role: 'group', 'aria-label': 'Fill from KeyHaven' }, h('h2', {}, 'Fill from KeyHaven'), body);
    this.menu.addEventListener('keydown', (e) => e.key === 'Escape' && this.close(true));
    this.overlay.show(this.menu, field);
    this.menu.querySelector('button')?.focus();
  }

  private closeButton(): HTMLButtonElement {
    const close = h('button', {}, 'Close');
    close.addEventListener('click', () => this.close(true));
    return close;
  }

  private menuBody(field: HTMLInputElement | HTMLTextAreaElement, answer: ContentAnswers['content.matches']): HTMLElement {
    if (answer.locked) {
      const unlock = h('button', { class: 'primary' }, 'Unlock KeyHaven');
      unlock.addEventListener('click', () => void askBackground({ type: 'content.unlock' }).then(() => this.close()));
      return h('div', {}, h('p', {}, 'KeyHaven is locked. Unlock it, then choose a key.'), h('div', { class: 'row' }, unlock, this.closeButton()));
    }
    const { narrowed } = answer;
    const showAll = narrowed ? h('button', {}, `Show all keys (${narrowed.hidden} more)`) : null;
    showAll?.addEventListener('click', () => void this.openMenu(true));
    const names = narrowed?.to.join(' or ');
    const why = narrowed ? h('p', {}, `Showing ${names} keys: ${narrowed.from === 'label' ? 'this field asks for one' : 'this is their site'}.`) : null;
    const cut = answer.total > answer.items.length ? h('p', {}, `The first ${answer.items.length} of ${answer.total} keys.`) : null;
    let choices: HTMLElement;
    if (answer.items.length === 0) {
      choices = h('p', {}, narrowed ? `No active ${names} keys in KeyHaven.` : 'No active keys in KeyHaven yet.');
    } else {
      choices = h('div', { class: 'choices' });
      for (const item of answer.items) {
        // Under "Showing OpenAI keys" the provider would only repeat itself.
        const provider = narrowed && narrowed.to.length === 1 ? '' : ` — ${providerName(item.provider || 'unknown')}`;
        const choice = h('button', {}, `${item.name}${provider}${item.environment ? ` (${item.environment})` : ''}`);
        choice.addEventListener('click', () => void this.fill(field, item.id));
        choices.append(choice);
      }
    }
    return h('div', {}, why, cut, choices, h('div', { class: 'row' }, showAll, this.closeButton()));
  }

  private async fill(field: HTMLInputElement | HTMLTextAreaElement, itemId: string): Promise<void> {
    try {
      const { value } = await askBackground({ type: 'content.fill', itemId });
      setValue(field, value);
      this.close(true);
    } catch (error) {
      // An offer expired, or the site was given back: said in the menu, next to what was clicked.
      const line = h('p', { role: 'alert' }, error instanceof Error ? error.message : String(error));
      this.menu?.querySelector('[role=alert]')?.remove();
      this.menu?.querySelector('h2')?.after(line);
    }
  }

  /** `refocus`: back to the field (Escape, Close), so the person goes on typing where they were. */
  close(refocus = false): void {
    const field = this.field;
    this.menu?.remove();
    this.button?.remove();
    this.menu = this.button = null;
    this.field = null;
    if (refocus) field?.focus();
  }
}
