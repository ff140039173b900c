import { useCallback, useState, type FormEvent } from 'react';
import { useUi } from '../store.js';
import { ErrorLine } from './ErrorLine.js';
import { useEscape } from '../use-escape.js';

export function AddKey() {
  const { add, show, busy } = useUi();
  const [form, setForm] = useState({ name: '', value: '', provider: '', environment: '' });
  useEscape(useCallback(() => show({ name: 'list' }), [show]));
  const field = (key: keyof typeof form) => ({ value: form[key], onChange: (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value }) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void add(form);
  };
  return (
    <form className="stack" onSubmit={submit}>
      <h2>Add a key</h2>
      <label>
        Name
        <input required autoFocus {...field('name')} placeholder="OpenAI production" />
      </label>
      <label>
        Value
        <input type="password" required autoComplete="off" {...field('value')} />
      </label>
      <label>
        Provider
        <input {...field('provider')} placeholder="openai" />
      </label>
      <label>
        Environment
        <input {...field('environment')} placeholder="production" />
      </label>
      <ErrorLine />
      <div className="row">
        <button type="submit" disabled={busy}>
          Save
        </button>
        <button type="button" className="ghost" onClick={() => show({ name: 'list' })}>
          Cancel
        </button>
      </div>
    </form>
  );
}
