import { ErrorCodes, NodetallyError } from '@nodetally/shared';
import pg from 'pg';

const INT8_OID = 20;

/**
 * BIGINT columns (seqs, epoch ms, counts) come back from PostgreSQL as text; they are read as JS
 * numbers, and a value beyond 2^53 is an error rather than a silently rounded number.
 */
export function parseBigint(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new NodetallyError(ErrorCodes.STORE_SCHEMA, `BIGINT ${text} is beyond JavaScript's safe integers`);
  }
  return value;
}

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? parseBigint
      : pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

export interface PostgresOptions {
  /** postgres://user:password@host:port/database (any libpq-style URL that `pg` accepts). */
  connectionString: string;
  /** Schema that holds the hub's tables (created when missing); default: the server's search_path. */
  schema?: string;
  /** Connections in the pool (default 10). */
  maxConnections?: number;
}

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** A pool whose BIGINTs parse to safe JS numbers and whose connections use `schema` when given. */
export function createPool(options: PostgresOptions): pg.Pool {
  return new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    types,
    ...(options.schema ? { options: `-c search_path=${quoteIdent(options.schema)}` } : {}),
  });
}

/** Runs `work` in one transaction on one pooled connection: committed if it resolves, else rolled back. */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
