/** The content script on provider dashboards (the manifest's list comes from the catalogue's hosts). */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { DASHBOARD_MATCHES } from '../content/hosts.js';
import { startContentScript } from '../content/main.js';

export default defineContentScript({
  matches: DASHBOARD_MATCHES,
  runAt: 'document_idle',
  // Dashboards show keys in embedded settings frames too.
  allFrames: true,
  main() {
    startContentScript();
  },
});
