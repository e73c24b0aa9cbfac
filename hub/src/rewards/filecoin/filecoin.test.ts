import { rewardSourceContract } from '../testing/contract.js';
import { FilecoinSource } from './source.js';
import { derivedBody, MINER, RECORDED_DAY, recorded, replayDays } from './testing/recorded.js';

const AFTER_RECORDED = Date.UTC(2022, 9, 2, 6);

rewardSourceContract(
  'filecoin',
  (baseUrl, http) =>
    new FilecoinSource({
      baseUrl,
      http,
      apiKey: 'test-key',
      startDate: '2022-09-29',
      now: () => AFTER_RECORDED,
    }),
  [
    {
      // The real doc example, verbatim, for 2022-10-01; 09-29 and 09-30 are derived from it (synthetic values).
      name: 'spacescope-storage-provider-rewards (real zero day) after two derived days',
      account: MINER,
      handler: replayDays({
        '2022-09-29': derivedBody('2022-09-29', 20.37491748012654, 2, 3),
        '2022-09-30': derivedBody('2022-09-30', 1e-18, 1),
        [RECORDED_DAY]: recorded,
      }),
      expected: [
        {
          key: `filecoin:${MINER}:2022-09-29`,
          token: 'FIL',
          // Exact: 20.37491748012654 FIL as written, not 20.37491748012654 * 1e18 in floating point.
          amount: '20374917480126540000',
          kind: 'reward',
          ts: Date.UTC(2022, 8, 29),
        },
        {
          key: `filecoin:${MINER}:2022-09-30`,
          token: 'FIL',
          amount: '1',
          kind: 'reward',
          ts: Date.UTC(2022, 8, 30),
        },
      ],
    },
  ],
);

rewardSourceContract(
  'filecoin',
  (baseUrl, http) =>
    new FilecoinSource({
      baseUrl,
      http,
      apiKey: 'test-key',
      startDate: RECORDED_DAY,
      now: () => AFTER_RECORDED,
    }),
  [
    {
      name: 'spacescope-storage-provider-rewards (the real doc example alone: a zero day writes nothing)',
      account: MINER,
      handler: replayDays({ [RECORDED_DAY]: recorded }),
      expected: [],
    },
  ],
);
