// Connections: search and filters (integration, end user, status, tags) held in the URL query, so a filtered
// list can be bookmarked and Back restores it; pages come from the server by keyset (next_cursor, "Load more").
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useSession } from '../../api/session';
import type { Integration } from '../../api/api-types';
import { useI18n } from '../../i18n/i18n';
import { CONNECTION_STATUSES, qs, type ConnectionPage, type ConnectionRow } from './connection-api';

const PAGE = 50;
const FILTERS = ['search', 'integration', 'end_user', 'status', 'tag'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

/** `tag=key:value` → `tags[key]=value` (the API's deep-object query). */
function listPath(f: Filters, cursor: string | undefined): string {
  const q = qs({ search: f.search, integrationId: f.integration, endUserId: f.end_user, status: f.status, limit: String(PAGE), cursor });
  const [k, ...v] = f.tag.split(':');
  const tag = f.tag && k && v.length ? `&tags[${encodeURIComponent(k.trim())}]=${encodeURIComponent(v.join(':').trim())}` : '';
  return `/connections?${q}${tag}`;
}

export function StatusText({ c }: { c: Pick<ConnectionRow, 'status' | 'errors'> }) {
  const { t } = useI18n();
  return <span className={c.status === 'healthy' ? 'success' : 'error'}>{t(`connections.status.${c.status}`)}</span>;
}

export function ConnectionsListPage() {
  const { t, lang } = useI18n();
  const { api } = useSession();
  const [params, setParams] = useSearchParams();
  const flash = (useLocation().state as { flash?: string } | null)?.flash;
  const filters = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? ''])) as Filters;
  const [draft, setDraft] = useState<Filters>(filters);
  const paramsKey = params.toString();
  // the form follows the URL (Back, a link with filters)
  useEffect(() => setDraft(Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? ''])) as Filters), [paramsKey]); // eslint-disable-line react-hooks/exhaustive-deps
  const integrations = useQuery({ queryKey: ['env', api.environment, 'integrations'], queryFn: () => api.get<{ data: Integration[] }>('/integrations') });
  const list = useInfiniteQuery({
    queryKey: ['env', api.environment, 'connections', filters],
    queryFn: ({ pageParam }) => api.get<ConnectionPage>(listPath(filters, pageParam)),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    refetchInterval: 15_000,
  });
  const filtered = FILTERS.some((k) => filters[k] !== '');
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setParams(Object.fromEntries(Object.entries(draft).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()])));
  };
  const rows = list.data?.pages.flatMap((p) => p.connections) ?? [];
  return (
    <section aria-labelledby="connections-title">
      <h1 id="connections-title">{t('connections.title')}</h1>
      {flash && (
        <p role="status" className="success">
          {flash}
        </p>
      )}
      <form className="filters" role="search" aria-label={t('connections.filters.label')} onSubmit={apply}>
        <div>
          <label htmlFor="f-search">{t('connections.filters.search')}</label>
          <input id="f-search" type="search" value={draft.search} onChange={(e) => setDraft({ ...draft, search: e.target.value })} />
        </div>
        <div>
          <label htmlFor="f-integration">{t('connections.col.integration')}</label>
          <select id="f-integration" value={draft.integration} onChange={(e) => setDraft({ ...draft, integration: e.target.value })}>
            <option value="">{t('connections.filters.any')}</option>
            {(integrations.data?.data ?? []).map((i) => (
              <option key={i.unique_key} value={i.unique_key}>
                {i.unique_key}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-end-user">{t('connections.filters.end_user')}</label>
          <input id="f-end-user" value={draft.end_user} onChange={(e) => setDraft({ ...draft, end_user: e.target.value })} />
        </div>
        <div>
          <label htmlFor="f-status">{t('connections.col.status')}</label>
          <select id="f-status" value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>
            <option value="">{t('connections.filters.any')}</option>
            {CONNECTION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`connections.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-tag">{t('connections.filters.tag')}</label>
          <input id="f-tag" placeholder="key:value" aria-describedby="f-tag-help" value={draft.tag} onChange={(e) => setDraft({ ...draft, tag: e.target.value })} />
          <p id="f-tag-help" className="help">
            {t('connections.filters.tag_help')}
          </p>
        </div>
        <div className="filter-buttons">
          <button type="submit" className="primary">
            {t('connections.filters.apply')}
          </button>
          {filtered && (
            <button type="button" className="secondary" onClick={() => setParams({})}>
              {t('connections.filters.clear')}
            </button>
          )}
        </div>
      </form>
      {list.isPending ? (
        <p role="status">{t('common.loading')}</p>
      ) : list.isError ? (
        <div role="alert" className="error">
          <p>{t('common.error', { message: list.error.message })}</p>
        </div>
      ) : rows.length === 0 ? (
        <p role="status">{filtered ? t('connections.no_match') : t('connections.empty', { environment: api.environment })}</p>
      ) : (
        <>
          <table>
            <caption className="visually-hidden">{t('connections.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('connections.col.id')}</th>
                <th scope="col">{t('connections.col.integration')}</th>
                <th scope="col">{t('connections.col.end_user')}</th>
                <th scope="col">{t('connections.col.status')}</th>
                <th scope="col">{t('connections.col.tags')}</th>
                <th scope="col">{t('connections.col.created')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/connections/${encodeURIComponent(c.connection_id)}?integration=${encodeURIComponent(c.provider_config_key)}`}>{c.connection_id}</Link>
                  </td>
                  <td>{c.provider_config_key}</td>
                  <td>{c.end_user?.email ?? c.end_user?.id ?? '—'}</td>
                  <td>
                    <StatusText c={c} />
                  </td>
                  <td>
                    {Object.entries(c.tags ?? {})
                      .map(([k, v]) => `${k}:${v}`)
                      .join(', ') || '—'}
                  </td>
                  <td>{new Date(c.created).toLocaleString(lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted" role="status">
            {t('connections.shown', { count: String(rows.length) })}
          </p>
          {list.hasNextPage && (
            <button type="button" className="secondary" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
              {list.isFetchingNextPage ? t('common.loading') : t('connections.load_more')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
