import pg from 'pg';

/**
 * Anything that runs a parameterised query: the pool (Database) or a transaction's client. A hot query may
 * pass `{ name, text, values }`: a prepared statement, parsed and planned once per pool client.
 */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(config: PreparedQuery): Promise<pg.QueryResult<R>>;
  query<R extends unknown[]>(config: ArrayRowQuery): Promise<pg.QueryArrayResult<R>>;
}

/**
 * A query whose rows come back as arrays of its columns, in order, instead of one object per row: for a hot
 * query of many rows (a GET /records page: about a twentieth less of this process's CPU per record).
 */
export interface ArrayRowQuery {
  text: string;
  values: unknown[];
  rowMode: 'array';
}

/** A named (prepared) statement; its text must select named columns, never `*` (see connection-store.ts). */
export interface PreparedQuery {
  name: string;
  text: string;
  values: unknown[];
}

// int8 (bigint) and numeric come back as strings by default; terapi's counts and ids fit in a double.
pg.types.setTypeParser(20, (v) => Number(v));

/** The PostgreSQL pool and the few patterns every store uses (transactions, advisory locks). */
export class Database {
  readonly pool: pg.Pool;

  constructor(readonly connectionString: string, opts: { max?: number; applicationName?: string } = {}) {
    this.pool = new pg.Pool({
      connectionString,
      max: opts.max ?? 20,
      application_name: opts.applicationName ?? 'terapi',
      idleTimeoutMillis: 30_000,
    });
    // An idle client's error (e.g. the server restarting) must not crash the process; the next query reconnects.
    this.pool.on('error', () => {});
  }

  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(config: PreparedQuery): Promise<pg.QueryResult<R>>;
  query<R extends unknown[]>(config: ArrayRowQuery): Promise<pg.QueryArrayResult<R>>;
  query(text: string | PreparedQuery | ArrayRowQuery, values?: unknown[]): Promise<pg.QueryResult | pg.QueryArrayResult> {
    return typeof text === 'string' ? this.pool.query(text, values) : this.pool.query(text);
  }

  async transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      const result = await fn(client);
      await client.query('commit');
      return result;
    } catch (err) {
      await client.query('rollback').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  /**
   * Runs `fn` holding a session-level advisory lock on (namespace, key): at most one holder across every
   * process sharing this database. Waits for the lock.
   */
  async withAdvisoryLock<T>(namespace: number, key: number, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('select pg_advisory_lock($1, $2)', [namespace, key]);
      try {
        return await fn(client);
      } finally {
        await client.query('select pg_advisory_unlock($1, $2)', [namespace, key]);
      }
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** The advisory lock namespaces live in one registry, jobs/lock-namespaces.ts. */
export { LOCK_NAMESPACE } from '../jobs/lock-namespaces.js';
