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

/** Where an environment variable's name and value sit together: a form, a table row, a list item. */
const VARIABLE_SCOPE = 'form, tr, [role=row], li, fieldset';
/** `OPENAI_API_KEY`: an underscore is required, so a key id in capitals (`AKIA…`) is never taken for a name. */
const VARIABLE_NAME = /^[A-Z][A-Z0-9]{0,30}(?:_[A-Z0-9]{1,30}){1,6}$/;

/**
 * What the field asks for: its label, and on environment-variable forms (Vercel, Netlify, GitHub
 * secrets…) the variable names typed beside it: `ANTHROPIC_API_KEY` says which provider's key goes here.
 */
function fieldHint(field: HTMLInputElement | HTMLTextAreaElement): string {
  const scope = field.closest(VARIABLE_SCOPE);
  const names = scope ? [...scope.querySelectorAll('input')].filter((i) => i !== field && VARIABLE_NAME.test(i.value)).map((i) => i.value) : [];
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
    this.menu?.remove();
    const answer = await askBackground({ type: 'content.matches', hint: fieldHint(field), all });
    const close = h('button', {}, 'Close');
    close.addEventListener('click', () => this.close());
    let body: HTMLElement;
    if (answer.locked) {
      const unlock = h('button', { class: 'primary' }, 'Unlock KeyHaven');
      unlock.addEventListener('click', () => void askBackground({ type: 'content.unlock' }).then(() => this.close()));
      body = h('div', {}, h('p', {}, 'KeyHaven is locked. Unlock it, then choose a key.'), h('div', { class: 'row' }, unlock, close));
    } else {
      const narrowed = answer.narrowed;
      const showAll = narrowed ? h('button', {}, `Show all keys (${narrowed.hidden} more)`) : null;
      showAll?.addEventListener('click', () => void this.openMenu(true));
      const why = narrowed ? h('p', {}, `${narrowed.to.join(', ')} keys, as this ${narrowed.from === 'label' ? 'field asks' : 'site is'} for.`) : null;
      let choices: HTMLElement;
      if (answer.items.length === 0) {
        choices = h('p', {}, narrowed ? `No active ${narrowed.to.join(' or ')} keys in KeyHaven.` : 'No active keys in KeyHaven yet.');
      } else {
        choices = h('div', { class: 'choices' });
        for (const item of answer.items) {
          const choice = h('button', {}, `${item.name} — ${providerName(item.provider || 'unknown')}${item.environment ? ` (${item.environment})` : ''}`);
          choice.addEventListener('click', () => void this.fill(field, item.id));
          choices.append(choice);
        }
      }
      body = h('div', {}, why, choices, h('div', { class: 'row' }, showAll, close));
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
