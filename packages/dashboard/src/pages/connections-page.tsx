// Connections: the environment's list (GET /connections); search and filters come with the paged API.
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useSession } from '../api/session';
import type { ConnectionListItem } from '../api/api-types';
import { useI18n } from '../i18n/i18n';
import { QueryState } from '../components/query-state';

export function ConnectionsPage() {
  const { t, lang } = useI18n();
  const { api } = useSession();
  const list = useQuery({ queryKey: ['env', api.environment, 'connections'], queryFn: () => api.get<{ connections: ConnectionListItem[] }>('/connections?limit=100') });
  return (
    <section aria-labelledby="connections-title">
      <h1 id="connections-title">{t('connections.title')}</h1>
      <QueryState query={list}>
        {({ connections }) =>
          connections.length === 0 ? (
            <p>{t('connections.empty', { environment: api.environment })}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('connections.col.id')}</th>
                  <th scope="col">{t('connections.col.integration')}</th>
                  <th scope="col">{t('connections.col.end_user')}</th>
                  <th scope="col">{t('connections.col.status')}</th>
                  <th scope="col">{t('connections.col.created')}</th>
                </tr>
              </thead>
              <tbody>
                {connections.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Link to={`/connections/${encodeURIComponent(c.connection_id)}?integration=${encodeURIComponent(c.provider_config_key)}`}>{c.connection_id}</Link>
                    </td>
                    <td>{c.provider_config_key}</td>
                    <td>{c.end_user?.email ?? c.end_user?.id ?? '—'}</td>
                    <td>{c.errors.length === 0 ? t('connections.status.ok') : t('connections.status.error', { type: c.errors.map((e) => e.type).join(', ') })}</td>
                    <td>{new Date(c.created).toLocaleString(lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryState>
    </section>
  );
}
