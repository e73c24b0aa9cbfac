import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { configDocs, envName, kebab, loadConfig } from './config.js';

const Schema = Type.Object(
  {
    httpPort: Type.Integer({ default: 8080, minimum: 0, maximum: 65535, description: 'port' }),
    dataDir: Type.String({ default: './data' }),
    verbose: Type.Boolean({ default: false }),
  },
  { additionalProperties: false },
);

describe('loadConfig', () => {
  it('names flags and variables after the schema keys', () => {
    expect(kebab('httpPort')).toBe('http-port');
    expect(envName('httpPort')).toBe('NODETALLY_HTTP_PORT');
  });

  it('applies defaults', () => {
    expect(loadConfig(Schema, { argv: [], env: {} }).config).toEqual({
      httpPort: 8080,
      dataDir: './data',
      verbose: false,
    });
  });

  it('layers file < environment < flags', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'nt-config-')), 'config.json');
    writeFileSync(file, JSON.stringify({ httpPort: 1, dataDir: '/from-file' }));
    const env = { NODETALLY_CONFIG: file, NODETALLY_HTTP_PORT: '2', NODETALLY_VERBOSE: 'true' };
    expect(loadConfig(Schema, { argv: [], env }).config).toEqual({
      httpPort: 2,
      dataDir: '/from-file',
      verbose: true,
    });
    expect(loadConfig(Schema, { argv: ['--http-port', '3'], env }).config.httpPort).toBe(3);
  });

  it('explains a bad value with its path, flag and variable', () => {
    expect(() => loadConfig(Schema, { argv: ['--http-port', 'eighty'], env: {} })).toThrow(
      /config\.httpPort: .*\(--http-port or NODETALLY_HTTP_PORT\)/,
    );
    expect(() => loadConfig(Schema, { argv: ['--http-port', '70000'], env: {} })).toThrow(/config\.httpPort/);
  });

  it('refuses unknown flags and unknown file keys', () => {
    expect(() => loadConfig(Schema, { argv: ['--nope'], env: {} })).toThrow(/nope/);
    const file = join(mkdtempSync(join(tmpdir(), 'nt-config-')), 'config.json');
    writeFileSync(file, JSON.stringify({ typo: 1 }));
    expect(() => loadConfig(Schema, { argv: ['--config', file], env: {} })).toThrow(/config\.typo/);
    writeFileSync(file, '[1,2]');
    expect(() => loadConfig(Schema, { argv: ['--config', file], env: {} })).toThrow(/not a JSON object/);
  });

  it('reads lists and objects as JSON from variables and flags', () => {
    const WithList = Type.Object(
      { accounts: Type.Array(Type.Object({ network: Type.String() }), { default: [] }) },
      { additionalProperties: false },
    );
    const env = { NODETALLY_ACCOUNTS: '[{"network":"helium"}]' };
    expect(loadConfig(WithList, { argv: [], env }).config.accounts).toEqual([{ network: 'helium' }]);
    const fromFlag = loadConfig(WithList, { argv: ['--accounts', '[{"network":"flux"}]'], env });
    expect(fromFlag.config.accounts).toEqual([{ network: 'flux' }]);
    expect(() => loadConfig(WithList, { argv: ['--accounts', 'not json'], env: {} })).toThrow(
      /config\.accounts/,
    );
  });

  it('returns extra boolean flags and positionals', () => {
    const loaded = loadConfig(Schema, { argv: ['once', '--json'], env: {}, extraBooleanFlags: ['json'] });
    expect(loaded.positionals).toEqual(['once']);
    expect(loaded.flags).toEqual({ json: true });
  });

  it('documents every key', () => {
    const docs = configDocs(Schema);
    expect(docs).toContain('| `httpPort` | `--http-port` | `NODETALLY_HTTP_PORT` | `8080` | port |');
    expect(docs.split('\n')).toHaveLength(2 + 3);
  });
});
