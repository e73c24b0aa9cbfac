/** The login page's script and style, served as files (the CSP allows no inline script). */

export const LOGIN_JS = `// The login form's only script (served same-origin: the CSP allows no inline script).
const form = document.getElementById('login');
const problem = document.getElementById('problem');

/** Only a path on this hub: \`next=//evil.example\` or \`next=https://…\` would be an open redirect. */
function nextPath() {
  const next = new URLSearchParams(location.search).get('next');
  return next && /^\\/(?![/\\\\])/.test(next) ? next : '/';
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  problem.textContent = '';
  const data = new FormData(form);
  const response = await fetch('/api/v1/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: data.get('username'), password: data.get('password') }),
    credentials: 'same-origin',
  });
  if (response.ok) {
    location.assign(nextPath());
    return;
  }
  if (response.status === 429) {
    const wait = response.headers.get('retry-after');
    problem.textContent = \`Too many attempts. Try again in \${wait ?? 'a minute'} s.\`;
    return;
  }
  const body = await response.json().catch(() => ({}));
  problem.textContent = body.message ?? \`Login failed (HTTP \${response.status}).\`;
});
`;

export const LOGIN_CSS = `body { font-family: system-ui, sans-serif; background: #f4f5f7; color: #1d2330; margin: 0; }
main { max-width: 22rem; margin: 12vh auto; background: #fff; padding: 2rem; border-radius: 8px;
  box-shadow: 0 1px 4px rgba(0, 0, 0, 0.12); }
h1 { font-size: 1.3rem; margin: 0 0 1.2rem; }
label { display: block; margin: 0.8rem 0 0.3rem; font-size: 0.9rem; }
input { width: 100%; box-sizing: border-box; padding: 0.5rem; font-size: 1rem; border: 1px solid #b8bfcc;
  border-radius: 4px; }
button { margin-top: 1.2rem; width: 100%; padding: 0.6rem; font-size: 1rem; border: 0; border-radius: 4px;
  background: #2458d3; color: #fff; cursor: pointer; }
#problem { color: #b3261e; min-height: 1.2em; margin: 0.8rem 0 0; }
.hint { color: #5b6475; font-size: 0.8rem; margin-top: 1.2rem; }
`;
