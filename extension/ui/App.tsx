/**
 * The extension's app, in the popup and in the full-tab page (`layout="tab"`, with room for the
 * dashboard). One screen at a time, chosen by the vault's phase and the current screen.
 */
import { plural } from './plural.js';
import { lazy, Suspense, useEffect, useLayoutEffect } from 'react';
import { browser } from 'wxt/browser';
import { Revoked } from './screens/Revoked.js';
import { Unlock } from './screens/Unlock.js';
import { VaultList } from './screens/VaultList.js';
import { Welcome } from './screens/Welcome.js';
import { NoticeBar } from './NoticeBar.js';
import { SelectionWaiting, useSelectionHandoff } from './selection-handoff.js';
import { useUi, type Screen } from './store.js';
import { SignInAgain } from './SignInAgain.js';
import { SyncBadge } from './SyncBadge.js';
import { useKeyInUrl } from './key-in-url.js';
import { TwoPane, useTwoPane } from './TwoPane.js';

export type Layout = 'popup' | 'tab';

// The list, Unlock and Welcome are what a popup opens on; every other screen (and the vault code some of
// them use: generators, the detector, importers) loads when it is first shown, so the popup starts small.
const AddKey = lazy(() => import('./screens/AddKey.js').then((m) => ({ default: m.AddKey })));
const AuditLog = lazy(() => import('./screens/AuditLog.js').then((m) => ({ default: m.AuditLog })));
const Dashboard = lazy(() => import('./screens/Dashboard.js').then((m) => ({ default: m.Dashboard })));
const Devices = lazy(() => import('./screens/Devices.js').then((m) => ({ default: m.Devices })));
const ItemView = lazy(() => import('./screens/ItemView.js').then((m) => ({ default: m.ItemView })));
const Members = lazy(() => import('./screens/Members.js').then((m) => ({ default: m.Members })));
const Settings = lazy(() => import('./screens/Settings.js').then((m) => ({ default: m.Settings })));
const Tokens = lazy(() => import('./screens/Tokens.js').then((m) => ({ default: m.Tokens })));
const Trash = lazy(() => import('./screens/Trash.js').then((m) => ({ default: m.Trash })));
const Transfer = lazy(() => import('./screens/Transfer.js').then((m) => ({ default: m.Transfer })));
const WatchThisSite = lazy(() => import('./screens/WatchedSites.js').then((m) => ({ default: m.WatchThisSite })));
const Vaults = lazy(() => import('./screens/Vaults.js').then((m) => ({ default: m.Vaults })));

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
  useEffect(() => void load(layout === 'popup'), [load, layout]);
  const selectionWaits = useSelectionHandoff();
  // The wide tab shows the list and a key side by side (TwoPane.tsx); the popup, one screen at a time.
  const twoPane = useTwoPane(layout === 'tab') && (screen.name === 'list' || screen.name === 'item');
  useKeyInUrl(layout === 'tab', phase, screen);
  // Each screen opens at its top: a form saved while scrolled down must not leave the next screen
  // scrolled with the header out of view. As a cleanup, it runs before the next screen's layout
  // effects, so the list can still put itself back where it was when a person returns from a key.
  // Side by side, the list stays where it was while keys are opened beside it.
  useLayoutEffect(() => () => window.scrollTo(0, 0), [twoPane ? 'two-pane' : screen]);
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
              <button type="button" className="ghost" onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('/vault.html') })} aria-label="Open KeyHaven in a tab" title="Open KeyHaven in a tab">
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
      {selectionWaits && (phase === 'locked' || phase === 'new') && <SelectionWaiting phase={phase} />}
      {phase === 'loading' && <p className="muted">Opening…</p>}
      {phase === 'new' && <Welcome />}
      {phase === 'locked' && <Unlock />}
      {phase === 'revoked' && <Revoked />}
      {phase === 'unlocked' && (
        <Suspense fallback={<p className="muted">Opening…</p>}>
          {twoPane ? <KeysSideBySide screen={screen} /> : <Current screen={screen} />}
        </Suspense>
      )}
      {phase === 'unlocked' && layout === 'popup' && screen.name === 'list' && (
        <Suspense fallback={null}>
          <WatchThisSite />
        </Suspense>
      )}
      <NoticeBar />
    </main>
  );
}

function Current({ screen }: { screen: Screen }) {
  switch (screen.name) {
    case 'list':
      return <VaultList />;
    case 'add':
      return <AddKey key={screen.take ?? ''} take={screen.take} />;
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
    case 'trash':
      return <Trash />;
  }
}

function KeysSideBySide({ screen }: { screen: Screen }) {
  const item = screen.name === 'item' ? screen : null;
  return <TwoPane list={<VaultList />} selected={item?.itemId ?? null} detail={item && <ItemView key={item.itemId} vaultId={item.vaultId} itemId={item.itemId} />} />;
}

function Nav({ layout }: { layout: Layout }) {
  const screen = useUi((s) => s.screen);
  const show = useUi((s) => s.show);
  const invitations = useUi((s) => s.invitations);
  const current = screen.name === 'add' || screen.name === 'item' || screen.name === 'trash' ? 'list' : screen.name === 'members' || screen.name === 'tokens' ? 'vaults' : screen.name;
  return (
    <nav className="nav" aria-label="Sections">
      {SECTIONS.filter((s) => layout === 'tab' || !s.tabOnly).map((s) => (
        <button key={s.screen} type="button" className={current === s.screen ? 'tab active' : 'tab'} aria-current={current === s.screen ? 'page' : undefined} onClick={() => show({ name: s.screen } as Screen)}>
          {s.label}
          {s.screen === 'vaults' && invitations > 0 && <span className="count" aria-label={`${plural(invitations, 'invitation')} waiting`}>{invitations}</span>}
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
