import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '../../ui/App.js';
import '../../ui/styles.css';
import '../../ui/key-list.css';
import '../../ui/forms.css';
import '../../ui/generator.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
