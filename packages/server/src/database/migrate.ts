// Numbered, append-only migrations (STYLE.md habit 14): migrations/NNNN_name.sql, applied in order, once,
// each in its own transaction, under an advisory lock so many processes may start at once.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LOCK_NAMESPACE, type Database } from './database.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ id: Number(f.slice(0, 4)), name: f.slice(5, -4), sql: readFileSync(`${dir}/${f}`, 'utf8') }));
}

/** Applies pending migrations; returns the names applied. */
export async function migrate(db: Database, migrations = readMigrations()): Promise<string[]> {
  return db.withAdvisoryLock(LOCK_NAMESPACE.migrations, 0, async (client) => {
    await client.query(`create table if not exists terapi_migrations (
      id integer primary key, name text not null, applied_at timestamptz not null default now())`);
    const { rows } = await client.query<{ id: number }>('select id from terapi_migrations');
    const done = new Set(rows.map((r) => r.id));
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.id)) continue;
      try {
        await client.query('begin');
        await client.query(m.sql);
        await client.query('insert into terapi_migrations (id, name) values ($1, $2)', [m.id, m.name]);
        await client.query('commit');
      } catch (err) {
        await client.query('rollback').catch(() => {});
        throw new Error(`migration ${m.id}_${m.name} failed: ${(err as Error).message}`, { cause: err });
      }
      applied.push(`${m.id}_${m.name}`);
    }
    return applied;
  });
}
