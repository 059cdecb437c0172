// The connection's syncs (GET /sync/status, polled): status, last run, counts, next run; Trigger, Full resync,
// Pause, Start (each refreshes the list at once); each sync's run history with errors (GET /sync/runs).
import { useMutation, useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSession } from '../../api/session';
import { useI18n } from '../../i18n/i18n';
import { qs, type SyncRunRow, type SyncStatus } from './connection-api';

const syncRef = (s: Pick<SyncStatus, 'name' | 'variant'>) => (s.variant && s.variant !== 'base' ? `${s.name}::${s.variant}` : s.name);

function RunHistory({ id, integration, sync }: { id: string; integration: string; sync: string }) {
  const { t, lang } = useI18n();
  const { api } = useSession();
  const runs = useInfiniteQuery({
    queryKey: ['env', api.environment, 'connection', id, integration, 'runs', sync],
    queryFn: ({ pageParam }) => api.get<{ runs: SyncRunRow[]; next_cursor: string | null }>(`/sync/runs?${qs({ provider_config_key: integration, connection_id: id, sync, limit: '10', cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    refetchInterval: 5_000,
  });
  if (runs.isPending) return <p role="status">{t('common.loading')}</p>;
  if (runs.isError) return <p className="error">{t('common.error', { message: runs.error.message })}</p>;
  const rows = runs.data.pages.flatMap((p) => p.runs);
  if (rows.length === 0) return <p>{t('connections.syncs.no_runs')}</p>;
  const counts = (r: SyncRunRow) =>
    Object.entries(r.result)
      .map(([m, c]) => t('connections.syncs.counts', { model: m, added: String(c.added ?? 0), updated: String(c.updated ?? 0), deleted: String(c.deleted ?? 0) }))
      .join('; ') || '—';
  return (
    <>
      <table>
        <caption className="visually-hidden">{t('connections.syncs.history_of', { sync })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('connections.syncs.started')}</th>
            <th scope="col">{t('connections.syncs.mode')}</th>
            <th scope="col">{t('connections.col.status')}</th>
            <th scope="col">{t('connections.syncs.result')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>{new Date(r.started_at).toLocaleString(lang)}</td>
              <td>{t(`connections.syncs.mode.${r.mode}`)}</td>
              <td className={r.status === 'ERROR' || r.status === 'SKIPPED' ? 'error' : undefined}>{t(`connections.syncs.run.${r.status}`)}</td>
              <td>{r.error ? `${r.error.type}: ${r.error.description}` : counts(r)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {runs.hasNextPage && (
        <button type="button" className="secondary small" disabled={runs.isFetchingNextPage} onClick={() => void runs.fetchNextPage()}>
          {t('connections.load_more')}
        </button>
      )}
    </>
  );
}

/** The connection's syncs, polled (shared by the syncs panel and the records browser's model picker). */
export function useSyncStatus(id: string, integration: string) {
  const { api } = useSession();
  return useQuery({
    queryKey: ['env', api.environment, 'connection', id, integration, 'syncs'],
    queryFn: async () => (await api.get<{ syncs: SyncStatus[] }>(`/sync/status?${qs({ syncs: '*', provider_config_key: integration, connection_id: id })}`)).syncs,
    refetchInterval: 3_000,
  });
}

export function SyncsPanel({ id, integration }: { id: string; integration: string }) {
  const { t, lang } = useI18n();
  const { api } = useSession();
  const queryClient = useQueryClient();
  const status = useSyncStatus(id, integration);
  const act = useMutation({
    mutationFn: ({ action, sync }: { action: 'trigger' | 'full' | 'pause' | 'start'; sync: string }) =>
      action === 'trigger' || action === 'full'
        ? api.send('POST', '/sync/trigger', { syncs: [sync], provider_config_key: integration, connection_id: id, ...(action === 'full' ? { full_resync: true } : {}) })
        : api.send('POST', `/sync/${action}`, { syncs: [sync], provider_config_key: integration, connection_id: id }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['env', api.environment, 'connection', id, integration] }),
  });
  const date = (d: string | null | undefined) => (d ? new Date(d).toLocaleString(lang) : '—');
  return (
    <section aria-labelledby="syncs-title" className="panel">
      <h2 id="syncs-title">{t('connections.syncs.title')}</h2>
      {status.isPending ? (
        <p role="status">{t('common.loading')}</p>
      ) : status.isError || status.data.length === 0 ? (
        <p>{t('connections.syncs.none')}</p>
      ) : (
        <>
          <div aria-live="polite">
            {act.isSuccess && <p className="success">{t(`connections.syncs.done.${act.variables.action}`, { sync: act.variables.sync })}</p>}
            {act.isError && (
              <p className="error" role="alert">
                {t('common.error', { message: act.error.message })}
              </p>
            )}
          </div>
          {status.data.map((s) => {
            const ref = syncRef(s);
            return (
              <article key={s.id} className="sync" aria-labelledby={`sync-${s.id}`}>
                <h3 id={`sync-${s.id}`}>{ref}</h3>
                <dl className="facts">
                  <dt>{t('connections.col.status')}</dt>
                  <dd className={s.status === 'ERROR' ? 'error' : undefined}>{t(`connections.syncs.status.${s.status}`)}</dd>
                  <dt>{t('connections.syncs.last_run')}</dt>
                  <dd>{date(s.finishedAt)}</dd>
                  <dt>{t('connections.syncs.next_run')}</dt>
                  <dd>{s.nextScheduledSyncAt ? date(s.nextScheduledSyncAt) : t('connections.syncs.not_scheduled')}</dd>
                  <dt>{t('connections.syncs.frequency')}</dt>
                  <dd>{s.frequency}</dd>
                  <dt>{t('connections.syncs.records')}</dt>
                  <dd>
                    {Object.entries(s.recordCount)
                      .map(([m, n]) => `${m}: ${n.toLocaleString(lang)}`)
                      .join(', ') || '—'}
                  </dd>
                </dl>
                <div className="actions" role="group" aria-label={t('connections.syncs.actions_of', { sync: ref })}>
                  {(['trigger', 'full', 'pause', 'start'] as const).map((action) => (
                    <button
                      key={action}
                      type="button"
                      className="secondary small"
                      disabled={act.isPending || (action === 'pause' && s.status === 'PAUSED') || (action === 'start' && s.status !== 'PAUSED' && s.nextScheduledSyncAt !== null)}
                      aria-label={t(`connections.syncs.action_label.${action}`, { sync: ref })}
                      onClick={() => act.mutate({ action, sync: ref })}
                    >
                      {t(`connections.syncs.action.${action}`)}
                    </button>
                  ))}
                </div>
                <details>
                  <summary>{t('connections.syncs.history')}</summary>
                  <RunHistory id={id} integration={integration} sync={ref} />
                </details>
              </article>
            );
          })}
        </>
      )}
    </section>
  );
}
