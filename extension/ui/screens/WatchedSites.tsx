/**
 * "Watch this site": KeyHaven's save prompt and fill control on a site the person allows, beyond the
 * dashboards it knows. The browser asks the person (its own permission prompt, one host at a time);
 * Settings lists the watched sites and gives each back.
 */
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { browser } from 'wxt/browser';
import { isBuiltInDashboard, patternHost, sitePattern } from '../../sites/site-pattern.js';
import { reconcileWatchedSites, startWatching, stopWatching } from '../../sites/watched-sites.js';

/** Asks the browser for the site (a click must lead here: the prompt needs the person's gesture). */
async function watch(pattern: string): Promise<boolean> {
  const granted = await browser.permissions.request({ origins: [pattern] });
  if (granted) await startWatching(pattern);
  return granted;
}

function useWatched(): [string[] | null, () => Promise<void>] {
  const [sites, setSites] = useState<string[] | null>(null);
  const refresh = useCallback(async () => setSites(await reconcileWatchedSites()), []);
  useEffect(() => void refresh(), [refresh]);
  return [sites, refresh];
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Settings: the sites KeyHaven watches at the person's request, and a field to add one. */
export function WatchedSites() {
  const [sites, refresh] = useWatched();
  const [address, setAddress] = useState('');
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const pattern = sitePattern(address);
      if (isBuiltInDashboard(patternHost(pattern))) return setError(`KeyHaven already watches ${patternHost(pattern)}: it is a dashboard it knows.`);
      if (await watch(pattern)) setAddress('');
      else setError('The browser did not allow it: KeyHaven cannot see that site.');
    } catch (caught) {
      setError(message(caught));
    }
    await refresh();
  };
  return (
    <section className="panel stack" aria-label="Watched sites">
      <h3>Watched sites</h3>
      <p className="muted small">KeyHaven offers to save keys it sees on providers’ dashboards. Add any other site where you create keys (a self-hosted dashboard, an admin panel): your browser asks you to allow it, for that site only.</p>
      {sites === null ? null : sites.length === 0 ? (
        <p className="muted small">No other sites yet.</p>
      ) : (
        <ul className="stack" aria-label="Sites KeyHaven watches">
          {sites.map((pattern) => (
            <li key={pattern} className="row spread">
              <span>{patternHost(pattern)}</span>
              <button type="button" onClick={() => void stopWatching(pattern).then(refresh)} aria-label={`Stop watching ${patternHost(pattern)}`}>
                Stop watching
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="row" onSubmit={(e) => void submit(e)} aria-label="Watch a site">
        <label className="grow">
          Site address
          <input value={address} onChange={(e) => setAddress(e.target.value)} placeholder="dash.example.com" aria-invalid={error ? true : undefined} aria-describedby={error ? errorId : undefined} />
        </label>
        <button type="submit">Watch</button>
      </form>
      {error && (
        <p id={errorId} role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}

/** In the popup: the site in the active tab, when KeyHaven does not watch it yet. */
export function WatchThisSite() {
  const [sites, refresh] = useWatched();
  const [host, setHost] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    // The toolbar click lends the popup the active tab's address (activeTab); nothing else is read.
    void browser.tabs.query({ active: true, currentWindow: true }).then(([tab]) => {
      const url = tab?.url ? new URL(tab.url) : null;
      if (url?.protocol === 'https:' && !isBuiltInDashboard(url.hostname)) setHost(url.hostname);
    }).catch(() => undefined);
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
    try {
      if (!(await watch(pattern))) setError('The browser did not allow it.');
    } catch (caught) {
      setError(message(caught));
    }
    await refresh();
  };
  return (
    <section className="panel row spread" aria-label="This site">
      <span className="small">Create keys on {host}?</span>
      <button type="button" onClick={() => void click()}>Watch this site</button>
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}
