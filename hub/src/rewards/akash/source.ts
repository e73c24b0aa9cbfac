import { ErrorCodes, tokenByDenom } from '@nodetally/shared';
import { Type } from '@sinclair/typebox';
import { expectShape, requestJson } from '../../http/index.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import type { FetchResult, RewardEvent, RewardSource, SourceOptions } from '../types.js';

export const AKASH_LCD = 'https://api.akashnet.net';

const Coin = Type.Object({ denom: Type.String(), amount: Type.String({ pattern: '^[0-9]+(\\.[0-9]+)?$' }) });
const LeaseId = Type.Object({
  owner: Type.String(),
  dseq: Type.String(),
  gseq: Type.Integer(),
  oseq: Type.Integer(),
  provider: Type.String(),
});
const Pagination = Type.Union([
  Type.Null(),
  Type.Object({ next_key: Type.Union([Type.String(), Type.Null()]) }),
]);
/** market v1beta5 (after BME): `lease.id`, `escrow_payment.state.withdrawn`. */
const LeaseListV5 = Type.Object({
  leases: Type.Array(
    Type.Object({
      lease: Type.Object({ id: LeaseId }),
      escrow_payment: Type.Object({ state: Type.Object({ withdrawn: Coin }) }),
    }),
  ),
  pagination: Pagination,
});
/** market v1beta4 (before BME): `lease.lease_id`, `escrow_payment.withdrawn`. */
const LeaseListV4 = Type.Object({
  leases: Type.Array(
    Type.Object({
      lease: Type.Object({ lease_id: LeaseId }),
      escrow_payment: Type.Object({ withdrawn: Coin }),
    }),
  ),
  pagination: Type.Optional(Pagination),
});
type LeasePage = {
  leases: Array<{ id: (typeof LeaseId)['static']; withdrawn: (typeof Coin)['static'] }>;
  next: string | null;
};

function leasePage(market: 'v1beta4' | 'v1beta5', body: unknown): LeasePage {
  const what = `Akash ${market} leases/list`;
  if (market === 'v1beta4') {
    const page = expectShape(LeaseListV4, body, ErrorCodes.REWARDS_RESPONSE, what);
    return {
      leases: page.leases.map((l) => ({ id: l.lease.lease_id, withdrawn: l.escrow_payment.withdrawn })),
      next: page.pagination?.next_key ?? null,
    };
  }
  const page = expectShape(LeaseListV5, body, ErrorCodes.REWARDS_RESPONSE, what);
  return {
    leases: page.leases.map((l) => ({ id: l.lease.id, withdrawn: l.escrow_payment.state.withdrawn })),
    next: page.pagination?.next_key ?? null,
  };
}
const CursorState = Type.Object({ withdrawn: Type.Record(Type.String(), Type.String()) });

export interface AkashOptions extends SourceOptions {
  now?: () => number;
  pageLimit?: number;
  /** LCD market API: v1beta5 (default, after BME) or v1beta4 (pre-BME chain / archive nodes). */
  market?: 'v1beta4' | 'v1beta5';
}

/**
 * A provider's lease settlements: each lease's cumulative `escrow_payment.state.withdrawn` from the LCD
 * (market v1beta5, or v1beta4 before BME), differenced against the cursor. Amounts are whole base units (uact after BME, uakt
 * before); the event time is when the increase was observed.
 */
export class AkashSource implements RewardSource {
  readonly id = 'akash';
  readonly network = 'akash';
  private readonly baseUrl: string;

  constructor(private readonly options: AkashOptions = {}) {
    this.baseUrl = (options.baseUrl ?? AKASH_LCD).replace(/\/$/, '');
  }

  async fetch(provider: string, cursor: string | null): Promise<FetchResult> {
    const withdrawn = { ...decodeCursor(this.id, cursor, CursorState)?.withdrawn };
    const ts = (this.options.now ?? Date.now)();
    const events: RewardEvent[] = [];
    const seen = new Set<string>();
    let key: string | null = null;
    do {
      const query = new URLSearchParams({
        'filters.provider': provider,
        'pagination.limit': String(this.options.pageLimit ?? 100),
      });
      if (key) query.set('pagination.key', key);
      const market = this.options.market ?? 'v1beta5';
      const body = await requestJson(
        `${this.baseUrl}/akash/market/${market}/leases/list?${query}`,
        {},
        this.options.http,
      );
      const page = leasePage(market, body);
      let fresh = 0;
      for (const { id, withdrawn: paid } of page.leases) {
        const { owner, dseq, gseq, oseq } = id;
        const leaseId = `${owner}/${dseq}/${gseq}/${oseq}/${id.provider}`;
        if (seen.has(leaseId) || id.provider !== provider) continue;
        seen.add(leaseId);
        fresh++;
        const { denom, amount } = paid;
        const token = tokenByDenom(denom);
        // Withdrawals settle whole base units; a fractional or unknown-denom (IBC) balance is skipped.
        if (!token || !/^[0-9]+$/.test(amount)) continue;
        const before = BigInt(withdrawn[leaseId] ?? '0');
        const now = BigInt(amount);
        if (now > before) {
          events.push({
            key: `akash:${leaseId}:withdrawn:${amount}`,
            network: this.network,
            account: provider,
            token: token.symbol,
            amount: (now - before).toString(),
            ts,
            kind: 'reward',
            ref: leaseId,
          });
        }
        withdrawn[leaseId] = amount;
      }
      const next = page.next;
      key = next && next !== key && fresh > 0 ? next : null;
    } while (key);
    return { events, cursor: encodeCursor(this.id, { withdrawn }) };
  }
}
