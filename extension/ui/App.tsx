/**
 * The extension's app, in the popup and in the full-tab page (`layout="tab"`, with room for the
 * dashboard). One screen at a time, chosen by the vault's phase and the current screen.
 */
import { useEffect } from 'react';
import { browser } from 'wxt/browser';
import { AddKey } from './screens/AddKey.js';
import { AuditLog } from './screens/AuditLog.js';
import { Dashboard } from './screens/Dashboard.js';
import { Devices } from './screens/Devices.js';
import { ItemView } from './screens/ItemView.js';
import { Members } from './screens/Members.js';
import { Settings } from './screens/Settings.js';
import { Tokens } from './screens/Tokens.js';
import { Transfer } from './screens/Transfer.js';
import { Unlock } from './screens/Unlock.js';
import { VaultList } from './screens/VaultList.js';
import { Vaults } from './screens/Vaults.js';
import { Welcome } from './screens/Welcome.js';
import { NoticeBar } from './NoticeBar.js';
import { useUi, type Screen } from './store.js';
import { SignInAgain } from './SignInAgain.js';
import { SyncBadge } from './SyncBadge.js';

export type Layout = 'popup' | 'tab';

const SECTIONS: { screen: Screen['name']; label: string; tabOnly?: boolean }[] = [
  { screen: 'dashboard', label: 'Overview', tabOnly: true },
  { screen: 'list', label: 'Keys' },
  { screen: 'vaults', label: 'Vaults' },
  { screen: 'audit', label: 'Audit' },
  { screen: 'devices', label: 'Devices' },
  { screen: 'transfer', label: 'Import/Export' },
  { screen: 'settings', label: 'Settings' },
];

export function App({ layout = 'popup' }: { layout?: Layout }) {
  const phase = useUi((s) => s.phase);
  const screen = useUi((s) => s.screen);
  const load = useUi((s) => s.load);
  const poll = useUi((s) => s.poll);
  useEffect(() => void load(), [load]);
  useEffect(() => {
    if (phase !== 'unlocked' && phase !== 'locked') return;
    const timer = setInterval(() => void poll(), 1000);
    return () => clearInterval(timer);
  }, [phase, poll]);

  return (
    <main className={`app ${layout}`}>
      <header className="bar">
        <h1>KeyHaven</h1>
        {phase === 'unlocked' && (
          <span className="row">
            <SyncBadge />
            {layout === 'popup' && (
              <button type="button" className="ghost" onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('/vault.html') })} aria-label="Open KeyHaven in a tab">
                ⤢
              </button>
            )}
            <LockButton />
          </span>
        )}
      </header>
      {phase === 'unlocked' && <Nav layout={layout} />}
      {phase === 'unlocked' && <SignInAgain />}
      {phase === 'unlocked' && <IntegrityBanner />}
      {phase === 'loading' && <p className="muted">Opening…</p>}
      {phase === 'new' && <Welcome />}
      {phase === 'locked' && <Unlock />}
      {phase === 'unlocked' && <Current screen={screen} />}
      <NoticeBar />
    </main>
  );
}

function Current({ screen }: { screen: Screen }) {
  switch (screen.name) {
    case 'list':
      return <VaultList />;
    case 'add':
      return <AddKey />;
    case 'item':
      return <ItemView key={screen.itemId} vaultId={screen.vaultId} itemId={screen.itemId} />;
    case 'vaults':
      return <Vaults />;
    case 'members':
      return <Members key={screen.vaultId} vaultId={screen.vaultId} />;
    case 'tokens':
      return <Tokens key={screen.vaultId} vaultId={screen.vaultId} />;
    case 'audit':
      return <AuditLog />;
    case 'devices':
      return <Devices />;
    case 'settings':
      return <Settings />;
    case 'transfer':
      return <Transfer />;
    case 'dashboard':
      return <Dashboard />;
  }
}

function Nav({ layout }: { layout: Layout }) {
  const screen = useUi((s) => s.screen);
  const show = useUi((s) => s.show);
  const invitations = useUi((s) => s.invitations);
  const current = screen.name === 'add' || screen.name === 'item' ? 'list' : screen.name === 'members' || screen.name === 'tokens' ? 'vaults' : screen.name;
  return (
    <nav className="nav" aria-label="Sections">
      {SECTIONS.filter((s) => layout === 'tab' || !s.tabOnly).map((s) => (
        <button key={s.screen} type="button" className={current === s.screen ? 'tab active' : 'tab'} aria-current={current === s.screen ? 'page' : undefined} onClick={() => show({ name: s.screen } as Screen)}>
          {s.label}
          {s.screen === 'vaults' && invitations > 0 && <span className="count" aria-label={`${invitations} invitation(s) waiting`}>{invitations}</span>}
        </button>
      ))}
    </nav>
  );
}

/**
 * What the last sync refused because it failed a check: named, in words, and kept in view until a sync
 * passes it (after the server is repaired). The rest of the vault works meanwhile.
 */
/** Findings of the roster check (docs/teams.md): about who is in a vault, not about its log. */
const TEAM_FINDINGS = new Set(['roster-forged', 'roster-forked', 'not-in-roster', 'role-raised', 'key-swapped', 'key-changed']);

function IntegrityBanner() {
  const warnings = useUi((s) => s.warnings);
  if (warnings.length === 0) return null;
  return (
    <div role="alert" className="banner security" aria-label="Security warning">
      <strong>Security warning: the server sent records that fail KeyHaven's checks.</strong>
      <ul className="plain">
        {warnings.map((w) => (
          <li key={`${w.vault}/${w.item ?? ''}/${w.reason}`}>
            {w.vault === '-' ? 'Team checks' : w.item ? `A key in "${w.vault}"` : TEAM_FINDINGS.has(w.reason) ? `The members of "${w.vault}"` : w.reason === 'bad-key' ? `The keys of "${w.vault}"` : `The audit log of "${w.vault}"`}: {w.message} ({w.reason}).{' '}
            {TEAM_FINDINGS.has(w.reason) ? 'The signed roster is what counts; everything else works.' : 'It was not taken; everything else works.'}
          </li>
        ))}
      </ul>
    </div>
  );
}

function LockButton() {
  const lock = useUi((s) => s.lock);
  return (
    <button type="button" className="ghost" onClick={() => void lock()}>
      Lock
    </button>
  );
}
