/**
 * "Watch this site": KeyHaven's save prompt and fill control on a site the person allows, beyond the
 * dashboards it knows. The browser asks the person (its own permission prompt, one host at a time);
 * Settings lists the watched sites and gives each back.
 */
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { browser } from 'wxt/browser';
import { isBuiltInDashboard, patternHost, sitePattern } from '../../sites/site-pattern.js';
import { reconcileWatchedSites, startWatching, stopWatching } from '../../sites/watched-sites.js';
import { useUi } from '../store.js';

/** Asks the browser for the site (a click must lead here: the prompt needs the person's gesture). */
async function watch(pattern: string): Promise<boolean> {
  const granted = await browser.permissions.request({ origins: [pattern] });
  if (granted) await startWatching(pattern);
  return granted;
}

function useWatched(): { sites: string[] | null; failed: string | null; refresh: () => Promise<void> } {
  const [sites, setSites] = useState<string[] | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const refresh = useCallback(async () => {
    try {
      setSites(await reconcileWatchedSites());
      setFailed(null);
    } catch (error) {
      setFailed(message(error));
    }
  }, []);
  useEffect(() => void refresh(), [refresh]);
  return { sites, failed, refresh };
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Settings: the sites KeyHaven watches at the person's request, and a field to add one. */
export function WatchedSites() {
  const { sites, failed, refresh } = useWatched();
  const say = useUi((s) => s.say);
  const [address, setAddress] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const errorId = useId();
  const shown = error ?? failed;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const pattern = sitePattern(address);
      if (isBuiltInDashboard(patternHost(pattern))) setError(`KeyHaven already watches ${patternHost(pattern)}: it is a dashboard it knows.`);
      else if (await watch(pattern)) setAddress('');
      else setError('The browser did not allow it: KeyHaven cannot see that site.');
    } catch (caught) {
      setError(message(caught));
    } finally {
      setBusy(false);
    }
    await refresh();
  };
  const stop = async (pattern: string) => {
    setError(null);
    try {
      await stopWatching(pattern);
      say({ text: `KeyHaven no longer watches ${patternHost(pattern)}.` });
    } catch (caught) {
      setError(message(caught));
    }
    await refresh();
    // The row and its button are gone: the field to add a site is where the keyboard goes on.
    input.current?.focus();
  };
  return (
    <section className="panel stack" aria-label="Watched sites">
      <h3>Watched sites</h3>
      <p className="muted small">KeyHaven offers to save keys it sees on providers’ dashboards. Add any other site where you create keys (a self-hosted dashboard, an admin panel): your browser asks you to allow it, for that site only.</p>
      {sites === null ? null : sites.length === 0 ? (
        <p className="muted small">No other sites yet.</p>
      ) : (
        <ul className="plain watched" aria-label="Sites KeyHaven watches">
          {sites.map((pattern) => (
            <li key={pattern} className="row spread">
              <span className="host">{patternHost(pattern)}</span>
              <button type="button" className="ghost danger" onClick={() => void stop(pattern)} aria-label={`Stop watching ${patternHost(pattern)}`}>
                Stop watching
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="row watch-form" onSubmit={(e) => void submit(e)} aria-label="Watch a site">
        <label className="grow">
          Site address
          <input ref={input} value={address} onChange={(e) => setAddress(e.target.value)} placeholder="e.g. dash.example.com" aria-invalid={shown ? true : undefined} aria-describedby={shown ? errorId : undefined} />
        </label>
        <button type="submit" disabled={busy}>
          Watch
        </button>
      </form>
      {shown && (
        <p id={errorId} role="alert" className="error">
          {shown}
        </p>
      )}
    </section>
  );
}

/** In the popup: the site in the active tab, when KeyHaven does not watch it yet. */
export function WatchThisSite() {
  const { sites, refresh } = useWatched();
  const [host, setHost] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    // The toolbar click lends the popup the active tab's address (activeTab); nothing else is read.
    void browser.tabs
      .query({ active: true, currentWindow: true })
      .then(([tab]) => {
        const url = tab?.url ? new URL(tab.url) : null;
        if (url?.protocol === 'https:' && !isBuiltInDashboard(url.hostname)) setHost(url.hostname);
      })
      .catch(() => undefined);
  }, []);
  if (!host || sites === null) return null;
  let pattern: string;
  try {
    pattern = sitePattern(host);
  } catch {
    return null;
  }
  if (sites.includes(pattern)) return null;
  const click = async () => {
    setError(null);
    setBusy(true);
    try {
      if (!(await watch(pattern))) setError('The browser did not allow it.');
    } catch (caught) {
      setError(message(caught));
    } finally {
      setBusy(false);
    }
    await refresh();
  };
  return (
    <section className="panel stack" aria-label="This site">
      <div className="row spread">
        <span className="small">Create keys on {host}?</span>
        <button type="button" disabled={busy} onClick={() => void click()}>
          Watch this site
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
