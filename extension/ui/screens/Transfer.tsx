/**
 * Import (.env, JSON, CSV, or an encrypted backup) and export (an encrypted backup file). Each form's
 * refusal (a wrong backup password) shows under its own button and is tied to the field it is about.
 */
import { plural } from '../plural.js';
import { useRef, useState, type FormEvent } from 'react';
import { detectImportFormat, type ImportSource, type SkippedEntry } from '../../../shared/index.js';
import { ask } from '../client.js';
import { ProgressLine } from '../ProgressLine.js';
import { useUi } from '../store.js';
import { ErrorLine, useFormError } from './ErrorLine.js';
import { emptyPair, NewPassword, pairReady } from './NewPassword.js';
import { ImportReport } from './ImportReport.js';

const IMPORT = 'import';
const IMPORT_ERROR = 'import-error';
const EXPORT = 'export';

export function Transfer() {
  return (
    <section className="stack">
      <h2>Import and export</h2>
      <ErrorLine />
      <Import />
      <Export />
    </section>
  );
}

function Import() {
  const { run, refreshList, busy } = useUi();
  const [file, setFile] = useState<{ name: string; text: string; format: ImportSource } | null>(null);
  const [password, setPassword] = useState('');
  const [environment, setEnvironment] = useState('');
  const [report, setReport] = useState<{ added: number; skipped: SkippedEntry[] } | null>(null);
  const error = useFormError(IMPORT);
  const field = useRef<HTMLInputElement>(null);
  const choose = async (chosen: File | undefined) => {
    setReport(null);
    if (!chosen) return setFile(null);
    const text = await chosen.text();
    setFile({ name: chosen.name, text, format: detectImportFormat(chosen.name, text) });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    void run(async () => {
      setReport(await ask({ type: 'import', format: file.format, text: file.text, ...(file.format === 'backup' ? { password } : { environment: environment || undefined }) }));
      await refreshList();
    }, IMPORT).then((ok) => {
      // A wrong backup password: back to its field, selected, so typing the right one replaces it.
      if (ok || !field.current) return;
      field.current.focus();
      field.current.select();
    });
  };
  return (
    <form className="stack panel" onSubmit={submit} aria-label="Import">
      <h3>Import</h3>
      <p className="muted small">A KeyHaven backup, or plaintext secrets from a .env, JSON or CSV file. Keys already in the vault with the same name and value are skipped.</p>
      <label>
        File
        <input type="file" accept=".env,.json,.csv,.txt,text/plain,application/json,text/csv" onChange={(e) => void choose(e.target.files?.[0])} />
      </label>
      {file && (
        <p className="muted" role="status">
          {file.name}: {file.format === 'backup' ? 'an encrypted KeyHaven backup' : `${file.format} file`}
        </p>
      )}
      {file?.format === 'backup' ? (
        <label>
          Backup password
          <input ref={field} type="password" required value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" aria-invalid={error ? true : undefined} aria-describedby={error ? IMPORT_ERROR : undefined} />
        </label>
      ) : file && !error ? (
        // A file that did not read (broken JSON, a CSV without its columns) has no keys to place.
        <label>
          Environment for these keys
          <input value={environment} onChange={(e) => setEnvironment(e.target.value)} placeholder="e.g. production" />
        </label>
      ) : null}
      <ErrorLine at={IMPORT} id={IMPORT_ERROR} />
      <button type="submit" disabled={!file || busy}>
        {busy ? 'Importing…' : 'Import'}
      </button>
      <ProgressLine />
      {report && <ImportReport added={report.added} skipped={report.skipped} />}
    </form>
  );
}

function Export() {
  const { run, say, busy } = useUi();
  const [pair, setPair] = useState(emptyPair);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!pairReady(pair, setPair)) return;
    void run(async () => {
      const { fileName, text, items } = await ask({ type: 'export', password: pair.password });
      const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setPair(emptyPair);
      say({ text: `Exported ${plural(items, 'key')} to ${fileName}.` });
    }, EXPORT);
  };
  return (
    <form className="stack panel" onSubmit={submit} aria-label="Export">
      <h3>Export</h3>
      <p className="muted small">An encrypted backup of this vault: a file that opens with the backup password alone, in KeyHaven or with the format in docs/crypto.md.</p>
      <NewPassword pair={pair} onChange={setPair} labels={{ password: 'Backup password', again: 'Backup password again' }} />
      <ErrorLine at={EXPORT} />
      <button type="submit" disabled={busy}>
        {busy ? 'Encrypting…' : 'Export backup'}
      </button>
    </form>
  );
}
