// Loaded as a blocking <script> in <head> (CSP 'self' forbids inline ones) so a stored theme choice
// applies before the first paint; without a choice, CSS follows prefers-color-scheme.
try {
  const theme = localStorage.getItem('nodetally-theme');
  if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
} catch {
  // storage blocked: the system preference applies
}
