// Runs before the popup or the tab page is painted (a classic script in <head>, allowed by the extension's
// CSP as a file of its own): the theme chosen in Settings, from the synchronous mirror that
// extension/ui/theme.ts keeps in localStorage, so the page never flashes the other theme. The mirror is
// only a hint: the page reads storage.local as it starts and corrects it.
try {
  var theme = localStorage.getItem('keyhaven-theme');
  if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
} catch (e) {
  // No localStorage: the system's theme until storage.local is read.
}
