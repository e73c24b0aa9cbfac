import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorNote } from '../components/Status.js';

interface EnrollToken {
  token: string;
  expires_ms: number;
  command: string;
}

/** POST /api/v1/enroll-tokens: a one-time token and the line to paste on the new machine. */
export function AddDevice() {
  const [issued, setIssued] = useState<EnrollToken | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const issue = async () => {
    setError(null);
    setCopied(false);
    try {
      setIssued(await api<EnrollToken>('/api/v1/enroll-tokens', { method: 'POST', body: {} }));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const copy = async () => {
    if (!issued) return;
    try {
      await navigator.clipboard.writeText(issued.command);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div>
      <p class="muted">
        Run one line on the machine as root: it installs the agent, enrolls it with a one-time token and
        starts it.
      </p>
      <div class="actions">
        <button type="button" class="button" onClick={issue}>
          {issued ? 'New token' : 'Show install command'}
        </button>
      </div>
      <ErrorNote error={error} />
      {issued && (
        <div class="install">
          <pre>
            <code data-install-command>{issued.command}</code>
          </pre>
          <div class="actions">
            <button type="button" class="button ghost" onClick={copy}>
              Copy
            </button>
            <span role="status">
              {copied ? 'Copied. ' : ''}Valid until {new Date(issued.expires_ms).toLocaleTimeString()}, once.
            </span>
          </div>
        </div>
      )}
    </div>
  );
}
