// Async action runs (migrations/0003_functions.sql action_runs; nango-api.md §10 X-Async). Invariant: a run is
// executed by one worker at a time — it is claimed with SKIP LOCKED and a lease (locked_until); a worker that
// dies mid-run lets the lease lapse and another worker retries it.
import { randomUUID } from 'node:crypto';
import type { Database } from '../database/database.js';

export interface ActionRun {
  id: string;
  environmentId: number;
  connectionId: number;
  functionId: number;
  input: unknown;
  status: 'pending' | 'running' | 'success' | 'failed';
  attempts: number;
  maxRetries: number;
  output: unknown;
  /** The HTTP answer GET /action/:id replays for a failed run. */
  error: { status: number; body: unknown } | null;
}

interface Row {
  id: string;
  environment_id: number;
  connection_id: number;
  function_id: number;
  input: unknown;
  status: ActionRun['status'];
  attempts: number;
  max_retries: number;
  output: unknown;
  error: ActionRun['error'];
}

const toRun = (r: Row): ActionRun => ({
  id: r.id,
  environmentId: r.environment_id,
  connectionId: r.connection_id,
  functionId: Number(r.function_id),
  input: (r.input as { value?: unknown } | null)?.value,
  status: r.status,
  attempts: r.attempts,
  maxRetries: r.max_retries,
  output: r.output,
  error: r.error,
});

export const ACTION_RUNS_CHANNEL = 'terapi_actions';

export class ActionRunStore {
  constructor(private readonly db: Database) {}

  async enqueue(r: { environmentId: number; connectionId: number; functionId: number; input: unknown; maxRetries: number }): Promise<string> {
    const id = randomUUID();
    await this.db.query('insert into action_runs (id, environment_id, connection_id, function_id, input, max_retries) values ($1, $2, $3, $4, $5, $6)', [
      id,
      r.environmentId,
      r.connectionId,
      r.functionId,
      // Wrapped so that an absent input stays absent (not null) when the run reads it back.
      JSON.stringify(r.input === undefined ? {} : { value: r.input }),
      r.maxRetries,
    ]);
    await this.db.query(`select pg_notify('${ACTION_RUNS_CHANNEL}', '')`);
    return id;
  }

  async get(environmentId: number, id: string): Promise<ActionRun | undefined> {
    const { rows } = await this.db.query<Row>('select * from action_runs where id = $1 and environment_id = $2', [id, environmentId]);
    return rows[0] ? toRun(rows[0]) : undefined;
  }

  /** Claims the oldest due run (pending, or running with a lapsed lease) for `leaseMs`. */
  async claim(leaseMs: number): Promise<ActionRun | undefined> {
    const { rows } = await this.db.query<Row>(
      `update action_runs set status = 'running', attempts = attempts + 1, locked_until = now() + ($1::int * interval '1 millisecond'), updated_at = now()
       where id = (select id from action_runs where status = 'pending' or (status = 'running' and locked_until < now())
                   order by created_at for update skip locked limit 1)
       returning *`,
      [leaseMs],
    );
    return rows[0] ? toRun(rows[0]) : undefined;
  }

  async succeed(id: string, output: unknown): Promise<void> {
    await this.db.query(`update action_runs set status = 'success', output = $2, locked_until = null, updated_at = now() where id = $1`, [id, JSON.stringify(output ?? null)]);
  }

  /** A failed attempt: back to pending while retries remain, else failed with the answer to replay. */
  async fail(run: ActionRun, error: { status: number; body: unknown }): Promise<'retry' | 'failed'> {
    const retry = run.attempts <= run.maxRetries;
    await this.db.query(`update action_runs set status = $2, error = $3, locked_until = null, updated_at = now() where id = $1`, [run.id, retry ? 'pending' : 'failed', JSON.stringify(error)]);
    if (retry) await this.db.query(`select pg_notify('${ACTION_RUNS_CHANNEL}', '')`);
    return retry ? 'retry' : 'failed';
  }
}
