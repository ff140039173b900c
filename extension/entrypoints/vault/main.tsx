/** The full-tab page: the same app as the popup, with room for tables and the overview. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '../../ui/App.js';
import '../../ui/styles.css';
import '../../ui/key-list.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App layout="tab" />
  </StrictMode>,
);
