import { describe, expect, it } from 'vitest';
import { rewardSourceContract } from '../testing/contract.js';
import { classify } from './classify.js';
import { ownerDelta, programsInvoked } from './delta.js';
import { SolanaSplSource } from './source.js';
import { recordedTx, replayDocExamples, replayTransactions } from './testing/replay.js';

const HNT = 'hntyVP6YFm1Hg25TN9WGLqM12b8TQmcknKrdu1oxWux';
const hsd = recordedTx('solana-getTransaction-hnt-hsd-claim-rewards.json');
const lazy = recordedTx('solana-getTransaction-hnt-lazy-distributor-distribute-devnet.json');
const fanout = recordedTx('solana-getTransaction-hnt-mini-fanout-distribute.json');
const TREASURY = 'GjumWQJZUcUwYdMkHDPDCRFhA7AQmb1kLapqLmDAYTVY';

/** Independent reference: the owner's post minus pre amounts, read straight from the recorded JSON. */
function referenceDelta(tx: typeof hsd, owner: string): bigint {
  const sum = (list: typeof tx.meta.preTokenBalances) =>
    (list ?? [])
      .filter((b) => b.owner === owner && b.mint === HNT)
      .reduce((t, b) => t + BigInt(b.uiTokenAmount.amount), 0n);
  return sum(tx.meta.postTokenBalances) - sum(tx.meta.preTokenBalances);
}

rewardSourceContract('solana-spl', (baseUrl, http) => new SolanaSplSource({ token: 'HNT', baseUrl, http }), [
  {
    name: 'hsd-claim-rewards (mainnet, HNT burned from a treasury)',
    account: TREASURY,
    handler: replayTransactions([hsd, lazy, fanout]),
    expected: [
      {
        key: `solana:${hsd.signature}:${TREASURY}:${HNT}`,
        token: 'HNT',
        amount: '-80731',
        kind: 'other',
        ts: 1774916143000,
      },
    ],
  },
  {
    name: 'lazy-distributor + mini-fanout (devnet, zero-amount distributions)',
    account: '4MxcR2VMnRd4V1BuxSDfzgHRpfLz1TrNFfavWhVExnKU',
    handler: replayTransactions([lazy, fanout]),
    expected: [],
  },
  {
    name: 'official doc examples, verbatim',
    account: 'A1TMhSGzQxMr1TboBKtgixKz1sS6REASMxPo1qsyTSJd',
    handler: replayDocExamples,
    expected: [],
  },
]);

describe('solana-spl balance deltas', () => {
  it('equal the owner’s recorded pre/post token balances to the last base unit', () => {
    for (const tx of [hsd, lazy, fanout]) {
      for (const b of tx.meta.preTokenBalances ?? []) {
        if (!b.owner) continue;
        expect(ownerDelta(tx, b.owner, HNT)).toBe(referenceDelta(tx, b.owner));
      }
    }
    expect(ownerDelta(hsd, TREASURY, HNT)).toBe(-80731n);
    expect(ownerDelta(hsd, 'nobody', HNT)).toBe(0n);
  });

  it('sees inner-instruction programs, and classifies by program and payer', () => {
    expect(programsInvoked(lazy).has('1azyuavdMyvsivtNxPoz6SucD18eDHeXzFCUPq5XU7w')).toBe(true);
    expect(programsInvoked(hsd).has('hdaoVTCqhfHHo75XdAMxBKdUqvq1i5bF23sisBqVgGR')).toBe(true);
    const rules = { rewardPrograms: ['1azyuavdMyvsivtNxPoz6SucD18eDHeXzFCUPq5XU7w'] };
    // The recorded distribution moved 0; classification is about who paid, so probe it with an inflow.
    expect(classify(lazy, HNT, 15000n, rules)).toBe('reward');
    expect(classify(fanout, HNT, 15000n, rules)).toBe('other');
    expect(classify(hsd, HNT, -80731n, rules)).toBe('other');
    expect(classify(hsd, HNT, 1n, { rewardPayers: [TREASURY] })).toBe('reward');
  });

  it('a second sync from the cursor asks only for newer signatures and adds nothing', async () => {
    const { startReplay } = await import('../../http/testing/replay-server.js');
    const server = await startReplay(replayTransactions([hsd]));
    try {
      const source = new SolanaSplSource({ token: 'HNT', baseUrl: server.baseUrl });
      const first = await source.fetch(TREASURY, null);
      expect(first.events.map((e) => e.amount)).toEqual([referenceDelta(hsd, TREASURY).toString()]);
      server.setFault('none');
      const second = await source.fetch(TREASURY, first.cursor);
      expect(second.events).toEqual([]);
      const asked = server.requests.filter(
        (r) => (r.body as { method: string }).method === 'getSignaturesForAddress',
      );
      expect(asked.every((r) => JSON.stringify(r.body).includes(`"until":"${hsd.signature}"`))).toBe(true);
      expect(server.requests.some((r) => (r.body as { method: string }).method === 'getTransaction')).toBe(
        false,
      );
    } finally {
      await server.close();
    }
  });
});
