// A connection: end user, connection_config (instance URL, org and user ids), token state (expiry, last
// refresh, last error and what to do, with the latest refresh from the operation log), actions, the org's
// API usage, its syncs and a records browser. The facts are polled, so a change shows without a reload.
import { Link, useParams, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { ApiError } from '../../api/api-client';
import { useSession } from '../../api/session';
import { useI18n } from '../../i18n/i18n';
import { QueryState } from '../../components/query-state';
import { connectionKey, getConnectionFacts, qs, type ConnectionFacts, type ConnectionPage, type ConnectionStatus, type OperationRow } from './connection-api';
import { ConnectionActions } from './connection-actions';
import { ApiUsagePanel } from './api-usage-panel';
import { SyncsPanel } from './syncs-panel';
import { RecordsBrowser } from './records-browser';

const CONFIG_FACTS = [
  ['instance_url', 'connections.config.instance_url'],
  ['org_id', 'connections.config.org_id'],
  ['user_id', 'connections.config.user_id'],
] as const;

function statusOf(c: ConnectionFacts): ConnectionStatus {
  if (c.auth_status === 'needs_reauth') return 'refresh_failed';
  if (c.token_expires_at && Date.parse(c.token_expires_at) <= Date.now()) return 'expired';
  return 'healthy';
}

function TokenState({ c }: { c: ConnectionFacts }) {
  const { t, lang } = useI18n();
  const { api } = useSession();
  const lastRefresh = useQuery({
    queryKey: ['env', api.environment, 'connection', c.connection_id, c.provider_config_key, 'last-refresh'],
    queryFn: async () => (await api.get<{ operations: OperationRow[] }>(`/logs/operations?${qs({ kind: 'refresh', connection: c.connection_id, integration: c.provider_config_key, limit: '1' })}`)).operations[0] ?? null,
    refetchInterval: 10_000,
  });
  const status = statusOf(c);
  const date = (d: string | null | undefined) => (d ? new Date(d).toLocaleString(lang) : '—');
  const error = c.errors[0];
  return (
    <section aria-labelledby="token-title" className="panel">
      <h2 id="token-title">{t('connections.token.title')}</h2>
      <dl className="facts">
        <dt>{t('connections.col.status')}</dt>
        <dd className={status === 'healthy' ? 'success' : 'error'}>{t(`connections.status.${status}`)}</dd>
        <dt>{t('connections.token.expires')}</dt>
        <dd>{c.token_expires_at ? date(c.token_expires_at) : t('connections.token.no_expiry')}</dd>
        <dt>{t('connections.token.last_refresh')}</dt>
        <dd>{date(c.last_refresh_at)}</dd>
        <dt>{t('connections.token.last_refresh_op')}</dt>
        <dd>
          {lastRefresh.data
            ? t(lastRefresh.data.status === 'success' ? 'connections.token.op_ok' : 'connections.token.op_failed', { at: date(lastRefresh.data.started_at), message: lastRefresh.data.message ?? '' })
            : t('connections.token.op_none')}
        </dd>
        <dt>{t('connections.token.last_error')}</dt>
        <dd>{error ? `${error.type}${error.message ? `: ${error.message}` : ''}` : t('connections.token.no_error')}</dd>
      </dl>
      {status !== 'healthy' && (
        <p className="notice" role="note">
          {t(`connections.token.todo.${status}`)}
        </p>
      )}
    </section>
  );
}

function Facts({ c }: { c: ConnectionFacts }) {
  const { t, lang } = useI18n();
  const cfg = c.connection_config ?? {};
  return (
    <section aria-labelledby="facts-title" className="panel">
      <h2 id="facts-title">{t('connections.facts.title')}</h2>
      <dl className="facts">
        <dt>{t('connections.col.integration')}</dt>
        <dd>{c.provider_config_key}</dd>
        <dt>{t('connections.col.end_user')}</dt>
        <dd>{c.end_user ? [c.end_user.display_name, c.end_user.email, `(${c.end_user.id})`].filter(Boolean).join(' ') : '—'}</dd>
        {c.end_user?.organization && (
          <>
            <dt>{t('connections.facts.organization')}</dt>
            <dd>{c.end_user.organization.display_name ?? c.end_user.organization.id}</dd>
          </>
        )}
        {CONFIG_FACTS.filter(([k]) => cfg[k] !== undefined).map(([k, label]) => (
          <div key={k} className="fact">
            <dt>{t(label)}</dt>
            <dd>{String(cfg[k])}</dd>
          </div>
        ))}
        <dt>{t('connections.col.tags')}</dt>
        <dd>
          {Object.entries(c.tags ?? {})
            .map(([k, v]) => `${k}:${v}`)
            .join(', ') || '—'}
        </dd>
        <dt>{t('connections.col.created')}</dt>
        <dd>{c.created_at ? new Date(c.created_at).toLocaleString(lang) : '—'}</dd>
      </dl>
      <details>
        <summary>{t('connections.config')}</summary>
        <pre>
          <code>{JSON.stringify(cfg, null, 2)}</code>
        </pre>
      </details>
    </section>
  );
}

export function ConnectionDetailPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const integration = params.get('integration') ?? '';
  const { t } = useI18n();
  const { api } = useSession();
  const connection = useQuery({
    queryKey: connectionKey(api.environment, id, integration),
    queryFn: async (): Promise<ConnectionFacts> => {
      try {
        return await getConnectionFacts(api, id, integration);
      } catch (err) {
        // a refresh refused for good: GET /connections/:id answers the error; the list still has the facts
        if (!(err instanceof ApiError) || (err.code !== 'invalid_credentials' && err.code !== 'connection_refresh_backoff')) throw err;
        const { connections } = await api.get<ConnectionPage>(`/connections?${qs({ connectionId: id, integrationId: integration, limit: '1' })}`);
        const row = connections[0];
        if (!row) throw err;
        return { ...row, connection_config: {}, created_at: row.created, auth_status: 'needs_reauth', last_refresh_at: null, token_expires_at: null, credentials_type: '' };
      }
    },
    refetchInterval: 5_000,
    retry: (n, err) => !(err instanceof ApiError && err.status === 404) && n < 2,
  });
  return (
    <section aria-labelledby="connection-title">
      <p>
        <Link to="/connections">{t('connections.back')}</Link>
      </p>
      <h1 id="connection-title">{t('connections.detail_title', { id })}</h1>
      <QueryState query={connection}>
        {(c) => (
          <div className="detail-grid">
            <Facts c={c} />
            <TokenState c={c} />
            <ConnectionActions c={c} />
            <ApiUsagePanel id={id} integration={integration} />
            <SyncsPanel id={id} integration={integration} />
            <RecordsBrowser id={id} integration={integration} />
          </div>
        )}
      </QueryState>
    </section>
  );
}
