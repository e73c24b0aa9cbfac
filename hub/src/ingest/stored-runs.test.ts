import { describe, expect, it } from 'vitest';
import { StoredRuns } from './stored-runs.js';

describe('StoredRuns', () => {
  it('covers a range only when every seq in it was recorded', () => {
    const runs = new StoredRuns();
    runs.add('a', [3, 1, 2]);
    expect(runs.covers('a', 1, 3)).toBe(true);
    expect(runs.covers('a', 1, 4)).toBe(false);
    expect(runs.covers('b', 1, 1)).toBe(false);
  });

  it('a gap starts a new run, so the range across the gap is not covered', () => {
    const runs = new StoredRuns();
    runs.add('a', [1, 2, 3]);
    runs.add('a', [5, 6]);
    expect(runs.covers('a', 1, 6)).toBe(false);
    expect(runs.covers('a', 5, 6)).toBe(true);
  });

  it('grows at either end of the run', () => {
    const runs = new StoredRuns();
    runs.add('a', [5]);
    runs.add('a', [4, 6]);
    expect(runs.covers('a', 4, 6)).toBe(true);
  });
});
