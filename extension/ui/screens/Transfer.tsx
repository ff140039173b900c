/** Import (.env, JSON, CSV, or an encrypted backup) and export (an encrypted backup file). */
import { useState, type FormEvent } from 'react';
import { detectImportFormat, type ImportSource, type SkippedEntry } from '../../../shared/index.js';
import { ask } from '../client.js';
import { ProgressLine } from '../ProgressLine.js';
import { useUi } from '../store.js';
import { ErrorLine } from './ErrorLine.js';

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
          <input type="password" required value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" />
        </label>
      ) : file ? (
        <label>
          Environment for these keys
          <input value={environment} onChange={(e) => setEnvironment(e.target.value)} placeholder="production" />
        </label>
      ) : null}
      <button type="submit" disabled={!file || busy}>
        {busy ? 'Importing…' : 'Import'}
      </button>
      <ProgressLine />
      {report && (
        <div role="status">
          <p>
            Imported {report.added} key(s){report.skipped.length ? `; skipped ${report.skipped.length}:` : '.'}
          </p>
          <ul className="plain small">
            {report.skipped.map((s, i) => (
              <li key={i}>
                {s.where}
                {s.name ? ` (${s.name})` : ''}: {s.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
    </form>
  );
}

function Export() {
  const { run, say, busy } = useUi();
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (password !== again) return setMismatch(true);
    setMismatch(false);
    void run(async () => {
      const { fileName, text, items } = await ask({ type: 'export', password });
      const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setPassword('');
      setAgain('');
      say({ text: `Exported ${items} key(s) to ${fileName}.` });
    });
  };
  return (
    <form className="stack panel" onSubmit={submit} aria-label="Export">
      <h3>Export</h3>
      <p className="muted small">An encrypted backup of this vault: a file that opens with the backup password alone, in KeyHaven or with the format in docs/crypto.md.</p>
      <label>
        Backup password
        <input type="password" required minLength={8} value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />
      </label>
      <label>
        Backup password again
        <input type="password" required value={again} onChange={(e) => setAgain(e.target.value)} autoComplete="new-password" />
      </label>
      {mismatch && <p role="alert" className="error">The two passwords differ.</p>}
      <button type="submit" disabled={busy}>
        {busy ? 'Encrypting…' : 'Export backup'}
      </button>
    </form>
  );
}
