// A connection: its end user, connection_config (instance URL, org and user ids) and token expiry. The
// credentials themselves are not shown (GET /connections/:id answers them; this page keeps only dates).
import { Link, useParams, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useSession } from '../api/session';
import type { Connection } from '../api/api-types';
import { useI18n } from '../i18n/i18n';
import { QueryState } from '../components/query-state';

export function ConnectionDetailPage() {
  const { id } = useParams();
  const [params] = useSearchParams();
  const integration = params.get('integration') ?? '';
  const { t, lang } = useI18n();
  const { api } = useSession();
  const connection = useQuery({
    queryKey: ['env', api.environment, 'connection', id, integration],
    queryFn: async () => {
      const c = await api.get<Connection>(`/connections/${encodeURIComponent(id!)}?provider_config_key=${encodeURIComponent(integration)}`);
      // keep what the page shows; the tokens are dropped at once
      return { ...c, credentials: { type: c.credentials?.type ?? '', ...(c.credentials?.expires_at ? { expires_at: c.credentials.expires_at } : {}) } };
    },
  });
  return (
    <section aria-labelledby="connection-title">
      <p>
        <Link to="/connections">{t('connections.back')}</Link>
      </p>
      <h1 id="connection-title">{t('connections.detail_title', { id: id! })}</h1>
      <QueryState query={connection}>
        {(c) => (
          <dl className="facts">
            <dt>{t('connections.col.integration')}</dt>
            <dd>{c.provider_config_key}</dd>
            <dt>{t('connections.col.end_user')}</dt>
            <dd>{c.end_user?.email ?? c.end_user?.id ?? '—'}</dd>
            <dt>{t('connections.col.status')}</dt>
            <dd>{c.errors.length === 0 ? t('connections.status.ok') : t('connections.status.error', { type: c.errors.map((e) => e.type).join(', ') })}</dd>
            <dt>{t('connections.token_expires')}</dt>
            <dd>{c.credentials.expires_at ? new Date(c.credentials.expires_at).toLocaleString(lang) : t('connections.token_no_expiry')}</dd>
            <dt>{t('connections.config')}</dt>
            <dd>
              <pre>
                <code>{JSON.stringify(c.connection_config, null, 2)}</code>
              </pre>
            </dd>
          </dl>
        )}
      </QueryState>
    </section>
  );
}
