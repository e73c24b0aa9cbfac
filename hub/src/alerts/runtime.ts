import { ErrorCodes, NodetallyError } from '@nodetally/shared';
import { type AlertsConfig, channelName, resolveAlertsConfig } from './config.js';
import type { ChannelConfig } from './notifiers/config.js';

/** Keys of the settings documents saved through the API (store `alert_settings`). */
export const RULES_KEY = 'rules';
export const CHANNELS_KEY = 'channels';

/** What `PUT /api/v1/alerts/rules` saves: overrides laid over the config file's `alerts`. */
export interface StoredRules {
  /** Per rule kind, the settings to change (the others keep the config's value). */
  rules?: Record<string, Record<string, unknown>>;
  sites?: Record<string, string[]>;
  quietHours?: unknown;
  groupWaitMs?: number;
}

/**
 * The config in force: the config file's `alerts` (already resolved), each rule's stored settings
 * over its own, stored sites / quiet hours / group wait in place of the config's, and the stored
 * channel list in place of the config's. Throws `NT_ERR_CONFIG_INVALID` naming the path.
 */
export function effectiveConfig(
  base: AlertsConfig,
  rules: StoredRules | null,
  channels: readonly unknown[] | null,
): AlertsConfig {
  const baseRules = base.rules as Record<string, Record<string, unknown>>;
  const merged: Record<string, unknown> = { ...baseRules };
  for (const [kind, over] of Object.entries(rules?.rules ?? {}))
    merged[kind] = { ...(baseRules[kind] ?? {}), ...over };
  return resolveAlertsConfig({
    ...base,
    rules: merged,
    ...(rules?.sites !== undefined ? { sites: rules.sites } : {}),
    ...(rules?.quietHours !== undefined ? { quietHours: rules.quietHours } : {}),
    ...(rules?.groupWaitMs !== undefined ? { groupWaitMs: rules.groupWaitMs } : {}),
    channels: channels ?? base.channels,
  });
}

export const MASK = '********';

/** The fields of each channel type that hold a secret (a URL's path counts: Discord and Slack). */
const SECRETS: Record<ChannelConfig['type'], { plain: string[]; url: string[]; headers?: boolean }> = {
  webhook: { plain: ['secret'], url: [], headers: true },
  telegram: { plain: ['botToken'], url: [] },
  discord: { plain: [], url: ['webhookUrl'] },
  slack: { plain: [], url: ['webhookUrl'] },
  ntfy: { plain: ['token', 'password'], url: [] },
  email: { plain: ['pass'], url: [] },
};

const maskUrl = (u: string) => {
  try {
    return `${new URL(u).origin}/${MASK}`;
  } catch {
    return MASK;
  }
};

/** A channel as the API shows it: secrets replaced by `********` (a URL keeps its origin). */
export function maskChannel(c: ChannelConfig): ChannelConfig {
  const out = { ...c } as Record<string, unknown>;
  const s = SECRETS[c.type];
  for (const f of s.plain) if (typeof out[f] === 'string') out[f] = MASK;
  for (const f of s.url) if (typeof out[f] === 'string') out[f] = maskUrl(out[f] as string);
  if (s.headers && out.headers && typeof out.headers === 'object')
    out.headers = Object.fromEntries(Object.keys(out.headers).map((k) => [k, MASK]));
  return out as ChannelConfig;
}

const masked = (v: unknown) => typeof v === 'string' && v.includes(MASK);

/**
 * Channels sent back by the web page: a secret still masked takes its value from the channel of the
 * same name (id, else type) and type now in force; a masked secret with no such channel is an error.
 */
export function unmaskChannels(next: readonly unknown[], current: readonly ChannelConfig[]): ChannelConfig[] {
  return next.map((raw, i) => {
    const type = (raw as { type?: unknown } | null)?.type;
    if (typeof type !== 'string' || !Object.hasOwn(SECRETS, type)) return raw as ChannelConfig; // resolveAlertsConfig says what is wrong
    const c = { ...(raw as Record<string, unknown>) } as Record<string, unknown> & ChannelConfig;
    const old = current.find((o) => channelName(o) === channelName(c) && o.type === c.type) as
      | Record<string, unknown>
      | undefined;
    const s = SECRETS[c.type];
    const restore = (f: string, from: unknown) => {
      if (from === undefined)
        throw new NodetallyError(
          ErrorCodes.CONFIG_INVALID,
          `invalid alerts config: alerts/channels/${i}/${f}: masked, and no channel ${channelName(c)} holds its value`,
        );
      return from;
    };
    for (const f of [...s.plain, ...s.url]) if (masked(c[f])) c[f] = restore(f, old?.[f]);
    if (s.headers && c.headers && typeof c.headers === 'object') {
      const oldHeaders = (old?.headers ?? {}) as Record<string, string>;
      c.headers = Object.fromEntries(
        Object.entries(c.headers as Record<string, string>).map(([k, v]) => [
          k,
          masked(v) ? (restore(`headers/${k}`, oldHeaders[k]) as string) : v,
        ]),
      );
    }
    return c;
  });
}
