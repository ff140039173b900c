import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '../../ui/App.js';
import { applyPageTheme, watchTheme } from '../../ui/theme.js';
import '../../ui/tokens.css';
import '../../ui/styles.css';
import '../../ui/layout.css';
import '../../ui/key-list.css';
import '../../ui/forms.css';
import '../../ui/generator.css';

watchTheme(applyPageTheme);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
