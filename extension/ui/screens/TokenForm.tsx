/**
 * Making an access token: a name, what it reads (the whole vault, keys with some tags, one environment,
 * or chosen keys), when it expires (90 days unless told otherwise, as `keyhaven token create`), and the
 * address ranges it may be used from. Each mistake is said beside the field that caused it.
 */
import { useCallback, useId, useRef, useState, type FormEvent } from 'react';
import { cidrSchema } from '../../../shared/index.js';
import { TOKEN_EXPIRY_DAYS, type TokensAnswer, type TokenInfo } from '../../messages/token-protocol.js';
import { ask, BackgroundRefusal } from '../client.js';
import { useUi } from '../store.js';
import { day } from '../../audit/token-words.js';
import { useEscape } from '../use-escape.js';
import { ErrorLine, useFormError } from './ErrorLine.js';
import { FormActions } from './FormActions.js';

type ScopeKind = 'vault' | 'tags' | 'environment' | 'items';
type Field = 'name' | 'scope' | 'ips';
const SCOPES: { kind: ScopeKind; label: string }[] = [
  { kind: 'vault', label: 'Whole vault' },
  { kind: 'tags', label: 'Tags' },
  { kind: 'environment', label: 'Environment' },
  { kind: 'items', label: 'Chosen keys' },
];
const EXPIRY_WORDS: Record<string, string> = { '30': '30 days', '90': '90 days', '365': '1 year', never: 'never' };
const at = (field: Field | 'create') => `token-form:${field}`;
const list = (text: string) => [...new Set(text.split(/[,\n]/).map((s) => s.trim()).filter(Boolean))];

type Made = TokensAnswer & { token: string; made: TokenInfo };

export function TokenForm({ vaultId, choices, onMade, onCancel }: { vaultId: string; choices: TokensAnswer['choices']; onMade: (a: Made) => void; onCancel: () => void }) {
  const { run, busy } = useUi();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<ScopeKind>('vault');
  const [tags, setTags] = useState('');
  const [environment, setEnvironment] = useState('');
  const [items, setItems] = useState<ReadonlySet<string>>(new Set());
  const [expiry, setExpiry] = useState('90');
  const [ips, setIps] = useState('');
  const ids = { name: useId(), scope: useId(), ips: useId(), envs: useId() };
  const fields = { name: useRef<HTMLInputElement>(null), scope: useRef<HTMLFieldSetElement>(null), ips: useRef<HTMLTextAreaElement>(null) };
  const errors = { name: useFormError(at('name')), scope: useFormError(at('scope')), ips: useFormError(at('ips')) };
  useEscape(useCallback(() => onCancel(), [onCancel]), { inner: true });

  /** The first mistake, said where it is; null when the form can be sent. */
  const check = (): { field: Field; message: string } | null => {
    if (!name.trim()) return { field: 'name', message: 'Give the token a name: what uses it (CI, the staging server, …).' };
    if (kind === 'tags' && list(tags).length === 0) return { field: 'scope', message: 'Name at least one tag: the token reads the keys that have any of them.' };
    if (kind === 'tags' && list(tags).some((t) => t.length > 50)) return { field: 'scope', message: 'A tag is at most 50 characters.' };
    if (kind === 'environment' && !environment.trim()) return { field: 'scope', message: 'Name the environment whose keys the token reads.' };
    if (kind === 'items' && items.size === 0) return { field: 'scope', message: 'Pick at least one key.' };
    const ranges = ips.split('\n').map((s) => s.trim());
    for (const [i, range] of ranges.entries()) {
      if (range && !cidrSchema.safeParse(range).success) return { field: 'ips', message: `Line ${i + 1}, “${range}”: not an address range. Write one per line in CIDR form, such as 203.0.113.0/24 or 2001:db8::/32.` };
    }
    if (ranges.filter(Boolean).length > 50) return { field: 'ips', message: 'At most 50 address ranges.' };
    return null;
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problem = check();
    void run(
      async () => {
        if (problem) throw new BackgroundRefusal('invalid-input', problem.message);
        const scope = { items: kind === 'items' ? [...items] : null, tags: kind === 'tags' ? list(tags) : null, environment: kind === 'environment' ? environment.trim() : null };
        const expiresInDays = expiry === 'never' ? null : (Number(expiry) as (typeof TOKEN_EXPIRY_DAYS)[number]);
        onMade(await ask({ type: 'create-token', vaultId, name: name.trim(), scope, expiresInDays, allowedIps: list(ips) }));
      },
      problem ? at(problem.field) : at('create'),
    ).then(() => problem && fields[problem.field].current?.focus());
  };

  const described = (field: Field) => ({ 'aria-describedby': errors[field] ? ids[field] : undefined, 'aria-invalid': errors[field] ? true : undefined });
  const toggle = (id: string) => setItems((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));
  return (
    <form className="panel stack token-form" onSubmit={submit} aria-label="New access token" noValidate>
      <h3>New access token</h3>
      <label>
        Token name
        <input ref={fields.name} value={name} maxLength={100} placeholder="e.g. CI deploy" onChange={(e) => setName(e.target.value)} {...described('name')} />
      </label>
      <ErrorLine at={at('name')} id={ids.name} />
      <fieldset ref={fields.scope} tabIndex={-1} className="scope" {...described('scope')}>
        <legend>What it reads</legend>
        <div className="modes" role="radiogroup" aria-label="What it reads">
          {SCOPES.map((s) => (
            <label key={s.kind} className={kind === s.kind ? 'mode active' : 'mode'}>
              <input type="radio" name="token-scope" value={s.kind} checked={kind === s.kind} onChange={() => setKind(s.kind)} />
              {s.label}
            </label>
          ))}
        </div>
        {kind === 'vault' && <p className="muted small">Every key in the vault, including keys added later.</p>}
        {kind === 'tags' && (
          <label>
            Keys with any of these tags (comma-separated)
            <input value={tags} onChange={(e) => setTags(e.target.value)} placeholder={`e.g. ${choices.tags.slice(0, 3).join(', ') || 'ci, deploy'}`} />
            {choices.tags.length > 0 && <span className="muted small">In this vault: {choices.tags.join(', ')}</span>}
          </label>
        )}
        {kind === 'environment' && (
          <label>
            Keys of the environment
            <input value={environment} list={ids.envs} onChange={(e) => setEnvironment(e.target.value)} placeholder={`e.g. ${choices.environments[0] ?? 'prod'}`} />
            <datalist id={ids.envs}>
              {choices.environments.map((env) => (
                <option key={env} value={env} />
              ))}
            </datalist>
          </label>
        )}
        {kind === 'items' &&
          (choices.items.length === 0 ? (
            <p className="muted small">This vault has no keys yet.</p>
          ) : (
            <ul className="plain picker" aria-label="Keys it reads">
              {choices.items.map((i) => (
                <li key={i.id}>
                  <label className="inline">
                    <input type="checkbox" checked={items.has(i.id)} onChange={() => toggle(i.id)} /> {i.name}
                  </label>
                </li>
              ))}
            </ul>
          ))}
        {(kind === 'tags' || kind === 'environment') && <p className="muted small">A key that joins later (by an edit) is read too; one that leaves is not.</p>}
      </fieldset>
      <ErrorLine at={at('scope')} id={ids.scope} />
      <label>
        Expires
        <select value={expiry} onChange={(e) => setExpiry(e.target.value)}>
          {['30', '90', '365', 'never'].map((v) => (
            <option key={v} value={v}>
              {EXPIRY_WORDS[v]}
              {v === 'never' ? '' : ` (on ${day(new Date(Date.now() + Number(v) * 86_400_000).toISOString())})`}
            </option>
          ))}
        </select>
      </label>
      <label>
        Allowed address ranges (optional)
        <textarea ref={fields.ips} rows={2} value={ips} spellCheck={false} placeholder={'e.g. 203.0.113.0/24\n2001:db8::/32'} onChange={(e) => setIps(e.target.value)} {...described('ips')} />
        <span className="muted small">One range per line; empty: any address.</span>
      </label>
      <ErrorLine at={at('ips')} id={ids.ips} />
      <ErrorLine at={at('create')} />
      <FormActions label="Create token" busy={busy} onCancel={onCancel} />
    </form>
  );
}
