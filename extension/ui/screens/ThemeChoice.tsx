/**
 * Settings → Appearance: System, Light or Dark, applied at once here, in any other open KeyHaven page and
 * in the prompt on web pages (theme.ts). A local preference of this browser: not synced, not audited.
 */
import { useEffect, useState } from 'react';
import { rememberedTheme, rememberTheme, THEMES, type Theme } from '../theme.js';

const LABELS: Record<Theme, string> = { system: 'System', light: 'Light', dark: 'Dark' };

export function ThemeChoice() {
  const [theme, setTheme] = useState<Theme | null>(null);
  useEffect(() => void rememberedTheme().then(setTheme), []);
  const choose = (next: Theme) => {
    setTheme(next);
    rememberTheme(next);
  };
  return (
    <section className="panel stack" aria-labelledby="appearance-heading">
      <h3 id="appearance-heading">Appearance</h3>
      <fieldset className="modes" disabled={theme === null}>
        <legend className="sr-only">Theme</legend>
        {THEMES.map((t) => (
          <label key={t} className={theme === t ? 'mode active' : 'mode'}>
            <input type="radio" name="theme" value={t} checked={theme === t} onChange={() => choose(t)} />
            {LABELS[t]}
          </label>
        ))}
      </fieldset>
      <p className="muted small">System follows your computer’s light or dark setting. This browser only; the prompt on web pages follows it too.</p>
    </section>
  );
}
