// `terapi dryrun NAME CONNECTION_ID [--integration KEY] [--input JSON]` (spec/operations.md): runs one deployed
// function against a live connection through the server and prints what it would save or return; saves nothing.
import type { DryRunReport } from '../functions/dry-run.js';
import { CliError, postJson, serverError, type CliIo } from '../functions/cli-client.js';

export interface DryRunOptions {
  integration?: string | undefined;
  input?: string | undefined;
  lastSyncDate?: string | undefined;
}

export async function dryrunCommand(name: string, connectionId: string, opts: DryRunOptions, io: CliIo): Promise<number> {
  try {
    let input: unknown;
    if (opts.input !== undefined) {
      try {
        input = JSON.parse(opts.input);
      } catch {
        throw new CliError(`--input must be JSON, e.g. --input '{"query":"SELECT Id FROM Account"}'`);
      }
    }
    const res = await postJson(io.env, '/functions/dryrun', {
      name,
      connection_id: connectionId,
      ...(opts.integration ? { integration: opts.integration } : {}),
      ...(input !== undefined ? { input } : {}),
      ...(opts.lastSyncDate ? { last_sync_date: opts.lastSyncDate } : {}),
    });
    if (res.status !== 200) throw serverError(res.status, res.body);
    const r = res.body as DryRunReport;
    io.out(`Dry run of ${r.function.integration}/${r.function.name} (${r.function.kind}, version ${r.function.version}) on connection ${connectionId}; nothing was saved.`);
    for (const l of r.logs) io.out(`[${l.level}] ${l.message}${l.data !== undefined ? ` ${JSON.stringify(l.data)}` : ''}`);
    for (const [model, b] of Object.entries(r.records)) io.out(`${model}: ${b.saved.length} would be saved, ${b.updated.length} updated, ${b.deleted.length} deleted`);
    for (const bad of r.invalidRecords) io.out(`invalid ${bad.model} record ${bad.id ?? '(no id)'} skipped: ${bad.field ? `${bad.field}: ` : ''}${bad.message}`);
    if (!r.ok) {
      io.err(`The function failed (${r.error?.code}): ${r.error?.message}`);
      return 1;
    }
    if (r.function.kind === 'sync') io.out(JSON.stringify({ records: r.records, checkpoint: r.checkpoint, ...(r.metadata ? { metadata: r.metadata } : {}) }, null, 2));
    else io.out(JSON.stringify(r.output, null, 2));
    return 0;
  } catch (err) {
    if (err instanceof CliError || (err as Error).name === 'ConfigError') {
      io.err((err as Error).message);
      return 1;
    }
    throw err;
  }
}
