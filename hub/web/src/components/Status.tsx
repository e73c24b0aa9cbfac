import type { DeviceStatus } from '../types.js';

export function StatusBadge({ status }: { status: DeviceStatus }) {
  return (
    <span class={`status status-${status}`}>
      <span class="dot" aria-hidden="true" />
      {status}
    </span>
  );
}

/** A section whose API route the hub does not have yet (404). */
export function Waiting({ what, route }: { what: string; route: string }) {
  return (
    <p class="notice" role="status">
      {what} is not available on this hub yet (<code>{route}</code>).
    </p>
  );
}

export function ErrorNote({ error }: { error: string | null }) {
  return error ? (
    <p class="notice error" role="alert">
      {error}
    </p>
  ) : null;
}
