// Records per model (GET /records): a model picker (the models of the connection's syncs), the
// added/updated/deleted filter, pages by cursor (Next / Previous keep the cursors seen), each record's JSON
// in an expandable view.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useSession } from '../../api/session';
import { useI18n } from '../../i18n/i18n';
import { qs, type RecordRow } from './connection-api';
import { useSyncStatus } from './syncs-panel';

const PAGE = 20;
const FILTERS = ['', 'added', 'updated', 'deleted'] as const;

export function RecordsBrowser({ id, integration }: { id: string; integration: string }) {
  const { t, lang } = useI18n();
  const { api } = useSession();
  const syncs = useSyncStatus(id, integration);
  const models = [...new Set((syncs.data ?? []).flatMap((s) => Object.keys(s.recordCount)))].sort();
  const [picked, setPicked] = useState('');
  const model = picked || models[0] || '';
  const [filter, setFilter] = useState<(typeof FILTERS)[number]>('');
  // cursors[i] opens page i (page 0 has none)
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const pageIndex = cursors.length - 1;
  const records = useQuery({
    queryKey: ['env', api.environment, 'connection', id, integration, 'records', model, filter, cursors[pageIndex]],
    queryFn: async () => {
      const headers = { 'connection-id': id, 'provider-config-key': integration };
      // GET /records reads the connection from headers; the API client sends only its own, so this call adds them.
      const res = await fetch(`/records?${qs({ model, filter, limit: String(PAGE), cursor: cursors[pageIndex] })}`, {
        credentials: 'same-origin',
        headers: { accept: 'application/json', 'x-terapi-environment': api.environment, ...headers },
      });
      const body = (await res.json()) as { records: RecordRow[]; next_cursor: string | null; error?: { message: string } };
      if (!res.ok) throw new Error(body.error?.message ?? `terapi answered ${res.status}.`);
      return body;
    },
    enabled: model !== '',
  });
  const reset = () => setCursors([undefined]);
  if (models.length === 0) {
    return (
      <section aria-labelledby="records-title" className="panel">
        <h2 id="records-title">{t('connections.records.title')}</h2>
        <p>{t('connections.records.no_models')}</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="records-title" className="panel">
      <h2 id="records-title">{t('connections.records.title')}</h2>
      <div className="filters">
        <div>
          <label htmlFor="records-model">{t('connections.records.model')}</label>
          <select
            id="records-model"
            value={model}
            onChange={(e) => {
              setPicked(e.target.value);
              reset();
            }}
          >
            {models.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="records-filter">{t('connections.records.filter')}</label>
          <select
            id="records-filter"
            value={filter}
            onChange={(e) => {
              setFilter(e.target.value as (typeof FILTERS)[number]);
              reset();
            }}
          >
            {FILTERS.map((f) => (
              <option key={f} value={f}>
                {t(`connections.records.filter.${f || 'all'}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {records.isPending ? (
        <p role="status">{t('common.loading')}</p>
      ) : records.isError ? (
        <p className="error" role="alert">
          {t('common.error', { message: records.error.message })}
        </p>
      ) : records.data.records.length === 0 ? (
        <p role="status">{t('connections.records.none')}</p>
      ) : (
        <>
          <p className="muted" role="status">
            {t('connections.records.page', { page: String(pageIndex + 1), count: String(records.data.records.length) })}
          </p>
          <ul className="records">
            {records.data.records.map((r) => (
              <li key={r.id}>
                <details>
                  <summary>
                    {t('connections.records.summary', {
                      id: r.id,
                      name: typeof r.name === 'string' ? r.name : '',
                      action: r._nango_metadata.last_action.toLowerCase(),
                      at: new Date(r._nango_metadata.last_modified_at).toLocaleString(lang),
                    })}
                  </summary>
                  <pre>
                    <code>{JSON.stringify(r, null, 2)}</code>
                  </pre>
                </details>
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="actions">
        <button type="button" className="secondary small" disabled={pageIndex === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
          {t('connections.records.previous')}
        </button>
        <button type="button" className="secondary small" disabled={!records.data?.next_cursor} onClick={() => setCursors([...cursors, records.data!.next_cursor!])}>
          {t('connections.records.next')}
        </button>
      </div>
    </section>
  );
}
