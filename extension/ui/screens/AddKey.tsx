/**
 * Add a key: paste the value (the provider is guessed from its shape) or generate one (SecretField), then the details.
 * Opened by "Save selection to KeyHaven", it takes the selected text from the background once (`take`,
 * background/selection.ts) and fills it in the same way, with the page it was selected on as the address.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { guessProvider, keyPhrase } from '../../../shared/index.js';
import { addedNotice } from '../added-notice.js';
import { withArticle } from '../article.js';
import { urlHost } from '../../sites/host-name.js';
import { ask } from '../client.js';
import { targetVault, useUi, writable } from '../store.js';
import { vaultLabel } from '../VaultSwitcher.js';
import { useEscape } from '../use-escape.js';
import { ErrorLine } from './ErrorLine.js';
import { emptyDraft, FieldInputs, fieldsFrom, type FieldDraft } from './FieldInputs.js';
import { FormActions } from './FormActions.js';
import { SecretField } from './SecretField.js';

export function AddKey({ take }: { take?: string | undefined }) {
  const { run, refreshList, show, busy, say, vaults, vault: shown, keepListScroll } = useUi();
  const choices = vaults.filter(writable);
  const [vaultId, setVaultId] = useState(targetVault(choices, shown)?.id ?? choices[0]?.id ?? '');
  const [draft, setDraft] = useState<FieldDraft>(emptyDraft);
  const [value, setValue] = useState('');
  const [guess, setGuess] = useState<string | null>(null);
  const [selected, setSelected] = useState(false);
  useEscape(useCallback(() => show({ name: 'list' }), [show]));
  useEffect(() => {
    if (!take) return;
    void run(async () => {
      const { value: text, url } = await ask({ type: 'take-selection', token: take });
      onValue(text);
      setDraft((d) => ({ ...d, url: d.url || url }));
      setSelected(true);
    });
  }, []); // once: the background hands the text over only once

  const onValue = (next: string) => {
    setValue(next);
    const guessed = guessProvider(next);
    // Said as a person says it: "an OpenAI project key", not "a openai project key".
    setGuess(guessed ? `Looks like ${withArticle(keyPhrase(guessed.provider, guessed.kind))}.` : null);
    // Fill only what the person has not typed themselves.
    if (guessed) setDraft((d) => ({ ...d, provider: d.provider || guessed.provider, kind: d.kind || guessed.kind }));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const item = await ask({ type: 'add', vaultId: vaultId || undefined, fields: fieldsFrom(draft), value });
      await refreshList();
      const into = choices.length > 1 ? ` to “${choices.find((v) => v.id === item.vaultId)?.name}”` : '';
      // The list opens at its top, on the new key's row when it is in view there (roving-rows.ts).
      keepListScroll(0, item.id);
      show({ name: 'list' });
      say(addedNotice(item, into));
    });
  };
  return (
    <form className="stack" onSubmit={submit}>
      <h2>Add a key</h2>
      <SecretField id="add-value" label="Value" value={value} onChange={onValue} autoFocus={!take} />
      {selected && <p className="muted small">The text you selected{urlHost(draft.url) ? ` on ${urlHost(draft.url)}` : ''}: name it and save.</p>}
      {guess && <p className="muted" role="status">{guess}</p>}
      {choices.length > 1 && (
        <label>
          Vault
          <select value={vaultId} onChange={(e) => setVaultId(e.target.value)}>
            {choices.map((v) => (
              <option key={v.id} value={v.id}>
                {vaultLabel(v)}
              </option>
            ))}
          </select>
        </label>
      )}
      <FieldInputs draft={draft} onChange={setDraft} focusName={Boolean(take)} />
      <ErrorLine />
      <FormActions label="Save" busy={busy} onCancel={() => show({ name: 'list' })} />
    </form>
  );
}
