/** The item fields a person edits (shared by Add and Edit): text in, protocol fields out. */
import type { ItemFields } from '../../messages/protocol.js';

export interface FieldDraft {
  name: string;
  provider: string;
  kind: string;
  environment: string;
  tags: string;
  url: string;
  notes: string;
  /** yyyy-mm-dd or empty. */
  expires: string;
  /** Days, or empty for no policy. */
  rotationDays: string;
}

export const emptyDraft: FieldDraft = { name: '', provider: '', kind: '', environment: '', tags: '', url: '', notes: '', expires: '', rotationDays: '' };

export function draftFrom(item: Pick<ItemFields, 'name' | 'provider' | 'kind' | 'environment' | 'tags' | 'url' | 'notes' | 'expiresAt' | 'rotationDays'>): FieldDraft {
  return {
    name: item.name,
    provider: item.provider,
    kind: item.kind,
    environment: item.environment,
    tags: item.tags.join(', '),
    url: item.url,
    notes: item.notes,
    expires: item.expiresAt ? item.expiresAt.slice(0, 10) : '',
    rotationDays: item.rotationDays ? String(item.rotationDays) : '',
  };
}

export function fieldsFrom(draft: FieldDraft): Omit<ItemFields, 'type'> {
  return {
    name: draft.name.trim(),
    provider: draft.provider.trim(),
    kind: draft.kind.trim(),
    environment: draft.environment.trim(),
    tags: draft.tags.split(',').map((t) => t.trim()).filter(Boolean),
    url: draft.url.trim(),
    notes: draft.notes,
    expiresAt: draft.expires ? new Date(`${draft.expires}T00:00:00Z`).toISOString() : null,
    rotationDays: draft.rotationDays ? Number(draft.rotationDays) : null,
  };
}

/** `focusName`: the value is already there (a selection being saved): the name is what to type next. */
export function FieldInputs({ draft, onChange, focusName = false }: { draft: FieldDraft; onChange: (draft: FieldDraft) => void; focusName?: boolean }) {
  const bind = (key: keyof FieldDraft) => ({ value: draft[key], onChange: (e: { target: { value: string } }) => onChange({ ...draft, [key]: e.target.value }) });
  return (
    <>
      <label>
        Name
        <input required autoFocus={focusName} {...bind('name')} placeholder="e.g. OpenAI production" />
      </label>
      <div className="pair">
        <label>
          Provider
          <input {...bind('provider')} placeholder="e.g. openai" />
        </label>
        <label>
          Kind
          <input {...bind('kind')} placeholder="e.g. secret" list="kinds" />
        </label>
      </div>
      <div className="pair">
        <label>
          Environment
          <input {...bind('environment')} placeholder="e.g. production" list="environments" />
        </label>
        <label>
          Tags
          <input {...bind('tags')} placeholder="e.g. billing, ci" />
        </label>
      </div>
      {/* signing-secret gives the key a signing key set: rotations keep the old key verifying for a window. */}
      <datalist id="kinds">
        <option value="signing-secret" />
      </datalist>
      <datalist id="environments">
        <option value="production" />
        <option value="staging" />
        <option value="development" />
        <option value="test" />
      </datalist>
      <div className="pair">
        <label>
          Rotate every (days)
          <input type="number" min={1} max={3650} {...bind('rotationDays')} placeholder="No policy" />
        </label>
        <label>
          Expires on
          <input type="date" {...bind('expires')} />
        </label>
      </div>
      <label>
        Dashboard URL
        <input type="url" {...bind('url')} placeholder="e.g. https://platform.openai.com/api-keys" />
      </label>
      <label>
        Notes
        <textarea rows={2} {...bind('notes')} />
      </label>
    </>
  );
}
