// Logs (issue 12 point 5): every operation, newest first, a page at a time by the server's cursor. The
// filters live in the URL (a filtered view can be shared and survives a reload). New entries are followed
// live by polling `after=<following>` every 2 s: EventSource cannot send the x-terapi-environment header a
// dashboard session needs, and the stream polls the same keyset once a second anyway.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useSession } from '../../api/session';
import { useI18n } from '../../i18n/i18n';
import { QueryState } from '../../components/query-state';
import { OPERATION_KINDS, OPERATION_STATUSES, type OperationPage, type OperationSummary } from './log-types';

const FILTERS = ['kind', 'status', 'integration', 'connection', 'from', 'to'] as const;
const FOLLOW_MS = 2000;

/** A datetime-local value (local time) as ISO 8601, or undefined. */
const toIso = (local: string | null) => (local ? new Date(local).toISOString() : undefined);

export function LogsPage() {
  const { t, lang } = useI18n();
  const { api } = useSession();
  const [params, setParams] = useSearchParams();
  const ids = useId();
  const filter = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])) as Record<(typeof FILTERS)[number], string>;
  const query = new URLSearchParams();
  for (const f of FILTERS) {
    const v = f === 'from' || f === 'to' ? toIso(filter[f] || null) : filter[f];
    if (v) query.set(f, v);
  }
  const qs = query.toString();

  const pages = useInfiniteQuery({
    queryKey: ['env', api.environment, 'logs', qs],
    initialPageParam: '',
    queryFn: ({ pageParam }) => api.get<OperationPage>(`/logs/operations?${qs}${qs ? '&' : ''}limit=50${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

  // live entries, newest first, above the first page; reset with the filters
  const [follow, setFollow] = useState(true);
  const [live, setLive] = useState<OperationSummary[]>([]);
  const following = useRef<string | undefined>(undefined);
  const firstFollowing = pages.data?.pages[0]?.following;
  useEffect(() => {
    setLive([]);
    following.current = firstFollowing;
  }, [firstFollowing, qs]);
  useEffect(() => {
    if (!follow) return;
    let stopped = false;
    const timer = setInterval(() => {
      const after = following.current;
      if (!after) return;
      api
        .get<{ operations: OperationSummary[]; following: string }>(`/logs/operations?${qs}${qs ? '&' : ''}after=${encodeURIComponent(after)}&limit=100`)
        .then((r) => {
          if (stopped || following.current !== after) return;
          following.current = r.following;
          if (r.operations.length) setLive((l) => [...r.operations.reverse(), ...l]);
        })
        .catch(() => undefined);
    }, FOLLOW_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [follow, qs, api]);

  const apply = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const next = new URLSearchParams();
    for (const f of FILTERS) {
      const v = String(data.get(f) ?? '').trim();
      if (v) next.set(f, v);
    }
    setParams(next);
  };

  const rows = [...live, ...(pages.data?.pages.flatMap((p) => p.operations) ?? [])];
  return (
    <section aria-labelledby="logs-title">
      <h1 id="logs-title">{t('logs.title')}</h1>
      <form className="filters" aria-label={t('logs.filters')} onSubmit={apply} key={qs}>
        <div className="field">
          <label htmlFor={`${ids}-kind`}>{t('logs.filter.kind')}</label>
          <select id={`${ids}-kind`} name="kind" defaultValue={filter.kind}>
            <option value="">{t('logs.any')}</option>
            {OPERATION_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`logs.kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-status`}>{t('logs.filter.status')}</label>
          <select id={`${ids}-status`} name="status" defaultValue={filter.status}>
            <option value="">{t('logs.any')}</option>
            {OPERATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`logs.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-integration`}>{t('logs.filter.integration')}</label>
          <input id={`${ids}-integration`} name="integration" defaultValue={filter.integration} />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-connection`}>{t('logs.filter.connection')}</label>
          <input id={`${ids}-connection`} name="connection" defaultValue={filter.connection} />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-from`}>{t('logs.filter.from')}</label>
          <input id={`${ids}-from`} name="from" type="datetime-local" step="1" defaultValue={filter.from} />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-to`}>{t('logs.filter.to')}</label>
          <input id={`${ids}-to`} name="to" type="datetime-local" step="1" defaultValue={filter.to} />
        </div>
        <div className="filter-actions">
          <button type="submit" className="primary">
            {t('logs.apply')}
          </button>
          <button type="button" className="secondary" onClick={() => setParams(new URLSearchParams())}>
            {t('logs.clear')}
          </button>
        </div>
      </form>
      <p>
        <label className="check">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> {t('logs.follow')}
        </label>
      </p>
      <p role="status" className="muted">
        {live.length ? t('logs.new_entries', { count: String(live.length) }) : ''}
      </p>
      <QueryState query={pages}>
        {() =>
          rows.length === 0 ? (
            <p className="notice">{qs ? t('logs.empty_filtered') : t('logs.empty')}</p>
          ) : (
            <>
              <table>
                <caption className="muted">{t('logs.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('logs.col.started')}</th>
                    <th scope="col">{t('logs.col.kind')}</th>
                    <th scope="col">{t('logs.col.status')}</th>
                    <th scope="col">{t('logs.col.integration')}</th>
                    <th scope="col">{t('logs.col.connection')}</th>
                    <th scope="col">{t('logs.col.duration')}</th>
                    <th scope="col">{t('logs.col.message')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((op) => (
                    <tr key={op.id}>
                      <td>
                        <Link to={`/logs/${op.id}`} state={{ search: params.size ? `?${params.toString()}` : '' }}>
                          {new Date(op.started_at).toLocaleString(lang)}
                        </Link>
                      </td>
                      <td>{t(`logs.kind.${op.kind}`)}</td>
                      <td>{t(`logs.status.${op.status}`)}</td>
                      <td>{op.provider_config_key ?? '—'}</td>
                      <td>{op.connection_id ?? '—'}</td>
                      <td>{op.duration_ms === null ? '—' : t('logs.ms', { ms: String(Math.round(op.duration_ms)) })}</td>
                      <td>{op.message ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {pages.hasNextPage && (
                <button type="button" className="secondary" disabled={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
                  {pages.isFetchingNextPage ? t('common.loading') : t('logs.more')}
                </button>
              )}
            </>
          )
        }
      </QueryState>
    </section>
  );
}
