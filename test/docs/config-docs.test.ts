import { readFileSync, writeFileSync } from 'node:fs';
import { AgentConfigSchema } from '@nodetally/agent';
import { HubConfigSchema } from '@nodetally/hub';
import { configDocs } from '@nodetally/shared';
import type { TObject } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/processes.js';

const START = '<!-- config:start -->';
const END = '<!-- config:end -->';

/** The settings tables in the package READMEs are generated; `UPDATE_DOCS=1 pnpm vitest run test/docs` rewrites them. */
describe.each([
  ['agent/README.md', AgentConfigSchema],
  ['hub/README.md', HubConfigSchema],
] as Array<[string, TObject]>)('%s settings table', (file, schema) => {
  it('matches the config schema', () => {
    const path = `${repoRoot}${file}`;
    const text = readFileSync(path, 'utf8');
    const start = text.indexOf(START);
    const end = text.indexOf(END);
    expect(start, `${file} needs ${START} … ${END}`).toBeGreaterThan(-1);
    const expected = `${START}\n${configDocs(schema)}\n${END}`;
    const actual = text.slice(start, end + END.length);
    if (process.env.UPDATE_DOCS === '1' && actual !== expected) {
      writeFileSync(path, text.slice(0, start) + expected + text.slice(end + END.length));
      return;
    }
    expect(actual).toBe(expected);
  });
});
