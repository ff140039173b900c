/** The forms on a key's page: edit its fields, rotate its value, revoke it with a reason. */
import { useState, type FormEvent } from 'react';
import type { ItemDetail } from '../../messages/protocol.js';
import { draftFrom, FieldInputs, type FieldDraft } from './FieldInputs.js';
import { FormActions } from './FormActions.js';
import { SecretField } from './SecretField.js';

export function EditForm({ item, busy, onSave, onCancel }: { item: ItemDetail; busy: boolean; onSave: (d: FieldDraft) => void; onCancel: () => void }) {
  const [draft, setDraft] = useState(() => draftFrom(item));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSave(draft);
  };
  return (
    <form className="stack panel" onSubmit={submit} aria-label="Edit key">
      <FieldInputs draft={draft} onChange={setDraft} />
      <FormActions label="Save changes" busy={busy} onCancel={onCancel} />
    </form>
  );
}

export function RotateForm({ busy, onRotate, onCancel }: { busy: boolean; onRotate: (value: string, reason: string) => void; onCancel: () => void }) {
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('rotated');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onRotate(value, reason);
  };
  return (
    <form className="stack panel" onSubmit={submit} aria-label="Rotate key">
      <p className="muted">Paste the new value from the provider, or generate one for a secret you control (webhook secrets, signing keys).</p>
      <SecretField id="rotate-value" label="New value" value={value} onChange={setValue} autoFocus />
      <label>
        Reason
        <input value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <FormActions label="Rotate" busy={busy} onCancel={onCancel} />
    </form>
  );
}

export function RevokeForm({ busy, onRevoke, onCancel }: { busy: boolean; onRevoke: (reason: string) => void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onRevoke(reason);
  };
  return (
    <form className="stack panel" onSubmit={submit} aria-label="Revoke key">
      <label>
        Why is it revoked?
        <input required autoFocus value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. leaked in CI logs" />
      </label>
      <FormActions label="Revoke" busy={busy} onCancel={onCancel} danger />
    </form>
  );
}
