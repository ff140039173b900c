/**
 * What the tests run with KeyHaven's closed shadow root as `this`, whichever protocol reached it (CDP in
 * Chromium, WebDriver BiDi in Firefox). Sources, not functions: they are sent to the page as they are, and
 * return strings so that both protocols hand them back alike.
 */

/** The text a person sees in KeyHaven's panels ('' when none is open). */
export const PANEL_TEXT = 'function () { return [...this.querySelectorAll(".panel, .fill")].map((p) => p.innerText).join("\\n"); }';

/** The names of KeyHaven's dialogs, as their aria-label or aria-labelledby give them, as JSON. */
export const DIALOG_NAMES = `function () {
  return JSON.stringify([...this.querySelectorAll('[role=dialog]')].map((d) => d.getAttribute('aria-label')
    ?? (d.getAttribute('aria-labelledby') ?? '').split(/\\s+/).map((id) => this.getElementById(id)?.textContent ?? '').join(' ').trim()));
}`;

/** Scrolls the control named `name` into view and gives its centre as JSON ('null' when there is none). */
export const CONTROL_POINT = `function (name) {
  const el = [...this.querySelectorAll('button, input')].find((b) => b.textContent.trim() === name || b.getAttribute('aria-label') === name || b.textContent.trim().startsWith(name));
  if (!el) return 'null';
  el.scrollIntoView({ block: 'center' });
  const r = el.getBoundingClientRect();
  return JSON.stringify({ x: r.x + r.width / 2, y: r.y + r.height / 2 });
}`;
