/** The full-tab page: the same app as the popup, with room for tables and the overview. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '../../ui/App.js';
import { applyPageTheme, watchTheme } from '../../ui/theme.js';
import { useUi } from '../../ui/store.js';
import '../../ui/tokens.css';
import '../../ui/styles.css';
import '../../ui/layout.css';
import '../../ui/key-list.css';
import '../../ui/forms.css';
import '../../ui/generator.css';

// The tab is where the overview has room: it opens there (the popup opens on the list).
useUi.setState({ home: { name: 'dashboard' }, screen: { name: 'dashboard' } });

watchTheme(applyPageTheme);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App layout="tab" />
  </StrictMode>,
);
