import { AkashSource } from './akash/source.js';
import { FilecoinSource } from './filecoin/source.js';
import { FluxSource } from './flux/source.js';
import { heliumSource } from './helium/source.js';
import { HeliumOracleSource } from './helium-oracle/source.js';
import { SolanaSplSource } from './solana-spl/source.js';
import { ThetaSource } from './theta/source.js';
import type { RewardSource, SourceOptions } from './types.js';

/** One line per source; the scheduler builds sources from config by these ids. */
export const rewardSources: Record<string, (options: SourceOptions) => RewardSource> = {
  helium: (o) => heliumSource(o),
  'helium/iot': (o) => heliumSource({ ...o, token: 'IOT' }),
  'helium/mobile': (o) => heliumSource({ ...o, token: 'MOBILE' }),
  'helium-oracle': (o) => new HeliumOracleSource(o),
  'helium-oracle/iot': (o) => new HeliumOracleSource({ ...o, token: 'IOT' }),
  'helium-oracle/mobile': (o) => new HeliumOracleSource({ ...o, token: 'MOBILE' }),
  'solana-spl/render': (o) => new SolanaSplSource({ ...o, token: 'RENDER' }),
  'solana-spl/grass': (o) => new SolanaSplSource({ ...o, token: 'GRASS' }),
  'solana-spl/hivemapper': (o) => new SolanaSplSource({ ...o, token: 'HONEY', id: 'solana-spl/hivemapper' }),
  'solana-spl/io-net': (o) => new SolanaSplSource({ ...o, token: 'IO', id: 'solana-spl/io-net' }),
  'solana-spl/nosana': (o) => new SolanaSplSource({ ...o, token: 'NOS', id: 'solana-spl/nosana' }),
  akash: (o) => new AkashSource(o),
  filecoin: (o) => new FilecoinSource(o),
  flux: (o) => new FluxSource(o),
  theta: (o) => new ThetaSource(o),
};
