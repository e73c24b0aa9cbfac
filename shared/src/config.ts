import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Static, TObject, TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ErrorCodes, NodetallyError } from './errors.js';

/**
 * One schema per package gives defaults, validation and docs. Values come from, lowest first:
 * schema defaults, a JSON config file (`--config` or NODETALLY_CONFIG), NODETALLY_* variables, flags.
 */
export const ENV_PREFIX = 'NODETALLY_';

export const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
export const envName = (key: string) => ENV_PREFIX + key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();

export interface ConfigSources {
  argv?: readonly string[];
  env?: Record<string, string | undefined>;
  /** Flags a command accepts besides the schema's keys, e.g. `--json`. Always boolean. */
  extraBooleanFlags?: readonly string[];
}

export interface LoadedConfig<T extends TObject> {
  config: Static<T>;
  flags: Record<string, boolean>;
  positionals: string[];
}

function coerce(schema: TSchema | undefined, raw: string): unknown {
  const type = schema?.type;
  if (type === 'integer' || type === 'number') return raw.trim() === '' ? raw : Number(raw);
  // Lists and objects (reward accounts, base URLs) come as JSON text from a variable or a flag.
  if (type === 'array' || type === 'object') {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return raw;
    }
  }
  if (type === 'boolean') {
    if (['true', '1', 'yes'].includes(raw)) return true;
    if (['false', '0', 'no'].includes(raw)) return false;
  }
  return raw;
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new NodetallyError(ErrorCodes.CONFIG_FILE, `cannot read config file ${path}`, { cause });
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch (cause) {
    throw new NodetallyError(ErrorCodes.CONFIG_FILE, `config file ${path} is not a JSON object`, { cause });
  }
}

export function loadConfig<T extends TObject>(schema: T, sources: ConfigSources = {}): LoadedConfig<T> {
  const env = sources.env ?? process.env;
  const keys = Object.keys(schema.properties);
  const extra = sources.extraBooleanFlags ?? [];
  const options: Record<string, { type: 'string' | 'boolean' }> = { config: { type: 'string' } };
  for (const key of keys) {
    options[kebab(key)] = { type: schema.properties[key]?.type === 'boolean' ? 'boolean' : 'string' };
  }
  for (const flag of extra) options[flag] = { type: 'boolean' };

  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...(sources.argv ?? [])], options, allowPositionals: true, strict: true });
  } catch (cause) {
    throw new NodetallyError(ErrorCodes.CONFIG_INVALID, (cause as Error).message, { cause });
  }

  const configPath = (parsed.values.config as string | undefined) ?? env[`${ENV_PREFIX}CONFIG`];
  const merged: Record<string, unknown> = configPath ? readConfigFile(configPath) : {};
  for (const key of keys) {
    const fromEnv = env[envName(key)];
    if (fromEnv !== undefined) merged[key] = coerce(schema.properties[key], fromEnv);
  }
  for (const key of keys) {
    const fromFlag = parsed.values[kebab(key)];
    if (fromFlag !== undefined) {
      merged[key] = typeof fromFlag === 'string' ? coerce(schema.properties[key], fromFlag) : fromFlag;
    }
  }

  const withDefaults = Value.Default(schema, merged);
  if (!Value.Check(schema, withDefaults)) {
    const problems = [...Value.Errors(schema, withDefaults)].slice(0, 10).map((error) => {
      const key = error.path.split('/')[1] ?? '';
      const where = key in schema.properties ? ` (--${kebab(key)} or ${envName(key)})` : '';
      return `config${error.path.replaceAll('/', '.')}: ${error.message}${where}`;
    });
    throw new NodetallyError(ErrorCodes.CONFIG_INVALID, `invalid configuration:\n  ${problems.join('\n  ')}`);
  }

  const flags: Record<string, boolean> = {};
  for (const flag of extra) flags[flag] = parsed.values[flag] === true;
  return { config: withDefaults as Static<T>, flags, positionals: parsed.positionals };
}

/** Markdown table of every setting, generated from the schema so the README cannot drift from it. */
export function configDocs(schema: TObject): string {
  const rows = Object.entries(schema.properties).map(([key, property]) => {
    const fallback = property.default === undefined ? '' : `\`${JSON.stringify(property.default)}\``;
    return `| \`${key}\` | \`--${kebab(key)}\` | \`${envName(key)}\` | ${fallback} | ${property.description ?? ''} |`;
  });
  return [
    '| key | flag | environment | default | meaning |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
