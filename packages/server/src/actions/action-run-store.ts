// Async action runs (migrations/0003_functions.sql action_runs; nango-api.md §10 X-Async). A run and its job
// (`terapi_async_action`, job key `action:<uuid>`) are written in one transaction; so is a failed attempt and
// the job of its retry. Invariant: a run is executed by one worker at a time — its job is held by one
// graphile-worker worker, and a finished run (success or failed) is never executed again.
import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../database/database.js';
import { enqueueJob } from '../jobs/enqueue-job.js';
import { JOB } from '../jobs/job-kinds.js';

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

export class ActionRunStore {
  constructor(private readonly db: Database) {}

  async enqueue(r: { environmentId: number; connectionId: number; functionId: number; input: unknown; maxRetries: number }): Promise<string> {
    return this.db.transaction((client) => this.#insert(client, r));
  }

  async #insert(q: Queryable, r: { environmentId: number; connectionId: number; functionId: number; input: unknown; maxRetries: number }): Promise<string> {
    const id = randomUUID();
    await q.query('insert into action_runs (id, environment_id, connection_id, function_id, input, max_retries) values ($1, $2, $3, $4, $5, $6)', [
      id,
      r.environmentId,
      r.connectionId,
      r.functionId,
      // Wrapped so that an absent input stays absent (not null) when the run reads it back.
      JSON.stringify(r.input === undefined ? {} : { value: r.input }),
      r.maxRetries,
    ]);
    await this.#schedule(q, id);
    return id;
  }

  #schedule(q: Queryable, id: string): Promise<Date> {
    return enqueueJob(q, JOB.asyncAction, { runId: id }, { jobKey: `action:${id}` });
  }

  async get(environmentId: number, id: string): Promise<ActionRun | undefined> {
    const { rows } = await this.db.query<Row>('select * from action_runs where id = $1 and environment_id = $2', [id, environmentId]);
    return rows[0] ? toRun(rows[0]) : undefined;
  }

  /**
   * Starts an attempt at the run of a job: pending, or running when the worker of the previous attempt died
   * (its job was freed by jobs/job-runner.ts). A finished run gives undefined.
   */
  async claim(id: string): Promise<ActionRun | undefined> {
    const { rows } = await this.db.query<Row>(
      `update action_runs set status = 'running', attempts = attempts + 1, updated_at = now()
       where id = $1 and status in ('pending', 'running') returning *`,
      [id],
    );
    return rows[0] ? toRun(rows[0]) : undefined;
  }

  async succeed(id: string, output: unknown, q: Queryable = this.db): Promise<void> {
    await q.query(`update action_runs set status = 'success', output = $2, locked_until = null, updated_at = now() where id = $1`, [id, JSON.stringify(output ?? null)]);
  }

  /** A failed attempt: back to pending with its retry's job while retries remain, else failed with the answer to replay. */
  async fail(run: ActionRun, error: { status: number; body: unknown }, q: Queryable = this.db): Promise<'retry' | 'failed'> {
    const retry = run.attempts <= run.maxRetries;
    await q.query(`update action_runs set status = $2, error = $3, locked_until = null, updated_at = now() where id = $1`, [run.id, retry ? 'pending' : 'failed', JSON.stringify(error)]);
    if (retry) await this.#schedule(q, run.id);
    return retry ? 'retry' : 'failed';
  }
}
