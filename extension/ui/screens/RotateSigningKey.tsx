/**
 * Rotating a signing secret: how long the old key keeps verifying (so senders and receivers can switch
 * over without dropping a webhook), and a new key generated in the background or pasted from the provider.
 */
import { useId, useState, type FormEvent } from 'react';
import { DEFAULT_OVERLAP_HOURS, MAX_OVERLAP_HOURS } from '../../../shared/index.js';
import { useEscape } from '../use-escape.js';
import { useFormError } from './ErrorLine.js';

/** "6 Dec, 18:30" in the browser's time zone; the year only when it is not this one. */
export function when(iso: string, withTime = true): string {
  const date = new Date(iso);
  const year = date.getFullYear() === new Date().getFullYear() ? {} : { year: 'numeric' as const };
  const time = withTime ? { hour: '2-digit' as const, minute: '2-digit' as const, hourCycle: 'h23' as const } : {};
  return date.toLocaleString('en-GB', { day: 'numeric', month: 'short', ...year, ...time });
}

/** Where a rotation's refusal shows: in this form. */
export const ROTATE_AT = 'signing:rotate';

const PRESETS = [
  { hours: 0, label: 'Stop now' },
  { hours: 1, label: '1 hour' },
  { hours: 24, label: '24 hours' },
  { hours: 168, label: '7 days' },
];

export interface Rotation {
  overlapHours: number;
  /** Absent: the background generates it, so the new secret never passes through this page. */
  value?: string;
  reason: string;
}

export function RotateSigningKey({ busy, onRotate, onCancel }: { busy: boolean; onRotate: (rotation: Rotation) => void; onCancel: () => void }) {
  const [hours, setHours] = useState(String(DEFAULT_OVERLAP_HOURS));
  const [paste, setPaste] = useState(false);
  const [value, setValue] = useState('');
  const [visible, setVisible] = useState(false);
  const [reason, setReason] = useState('rotated');
  const error = useFormError(ROTATE_AT);
  const id = useId();
  useEscape(onCancel, { inner: true });

  const n = Number(hours);
  const valid = hours.trim() !== '' && n >= 0 && n <= MAX_OVERLAP_HOURS;
  const hint = !valid
    ? `Between 0 and ${MAX_OVERLAP_HOURS} hours (30 days).`
    : n === 0
      ? 'No window: the old key stops verifying the moment the new one signs.'
      : `The old key verifies until ${when(new Date(Date.now() + n * 3_600_000).toISOString())}.`;
  const describedBy = (own?: string) => [own, error ? `${id}-error` : undefined].filter(Boolean).join(' ') || undefined;
  // A refusal shows under the pasted key when there is one (what a refusal is about then), else above the buttons.
  const refusal = error && (
    <p id={`${id}-error`} role="alert" className="error small">
      Not rotated: {error}
    </p>
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onRotate({ overlapHours: n, reason, ...(paste ? { value } : {}) });
  };

  return (
    <form className="stack panel" onSubmit={submit} aria-label="Rotate signing key">
      <div className="field">
        <label htmlFor={`${id}-hours`}>Old key verifies for (hours)</label>
        <input id={`${id}-hours`} type="number" required min={0} max={MAX_OVERLAP_HOURS} step="any" inputMode="decimal" value={hours} onChange={(e) => setHours(e.target.value)} aria-describedby={describedBy(`${id}-hint`)} />
        <span className="row wrap presets" role="group" aria-label="Window presets">
          {PRESETS.map((p) => (
            <button key={p.hours} type="button" className="ghost small" aria-pressed={valid && n === p.hours} onClick={() => setHours(String(p.hours))}>
              {p.label}
            </button>
          ))}
        </span>
        <p id={`${id}-hint`} className="muted small" aria-live="polite">
          {hint}
        </p>
      </div>
      <fieldset className="modes">
        <legend className="sr-only">The new key</legend>
        <label className={paste ? 'mode' : 'mode active'}>
          <input type="radio" name={`${id}-source`} checked={!paste} onChange={() => setPaste(false)} />
          Generate one
        </label>
        <label className={paste ? 'mode active' : 'mode'}>
          <input type="radio" name={`${id}-source`} checked={paste} onChange={() => setPaste(true)} />
          Paste one
        </label>
      </fieldset>
      {paste ? (
        <div className="field">
          <label htmlFor={`${id}-value`}>New signing key</label>
          <span className="row">
            <input id={`${id}-value`} type={visible ? 'text' : 'password'} required autoFocus autoComplete="off" spellCheck={false} value={value} onChange={(e) => setValue(e.target.value)} aria-describedby={describedBy()} />
            <button type="button" className="ghost" onClick={() => setVisible(!visible)} aria-pressed={visible} aria-label="Show the new signing key">
              {visible ? 'Hide' : 'Show'}
            </button>
          </span>
          {refusal}
        </div>
      ) : (
        <p className="muted small">A random 256-bit key, with the current key’s prefix (such as whsec_). Copy it from this page afterwards to give it to the other side.</p>
      )}
      <label>
        Reason
        <input value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      {!paste && refusal}
      <span className="row">
        <button type="submit" disabled={busy}>
          Rotate signing key
        </button>
        <button type="button" className="ghost" onClick={onCancel}>
          Cancel
        </button>
      </span>
    </form>
  );
}
