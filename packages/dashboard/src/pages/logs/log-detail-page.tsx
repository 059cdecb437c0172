// One operation in full (GET /logs/operations/:id): what was called, status, duration, error. The server
// never logs a secret (operation-log.ts keeps method, path, status and error codes, not headers or bodies).
import { Link, useLocation, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useSession } from '../../api/session';
import { useI18n } from '../../i18n/i18n';
import { QueryState } from '../../components/query-state';
import type { OperationDetail } from './log-types';

export function LogDetailPage() {
  const { id } = useParams();
  const { t, lang } = useI18n();
  const { api } = useSession();
  const back = (useLocation().state as { search?: string } | null)?.search ?? '';
  const op = useQuery({ queryKey: ['env', api.environment, 'log', id], queryFn: () => api.get<OperationDetail>(`/logs/operations/${encodeURIComponent(id!)}`) });
  return (
    <section aria-labelledby="log-title">
      <p>
        <Link to={`/logs${back}`}>
          {t('logs.back')}
        </Link>
      </p>
      <h1 id="log-title">{t('logs.detail_title', { id: id! })}</h1>
      <QueryState query={op}>
        {(o) => (
          <dl className="facts">
            <dt>{t('logs.col.kind')}</dt>
            <dd>{t(`logs.kind.${o.kind}`)}</dd>
            <dt>{t('logs.col.status')}</dt>
            <dd>{t(`logs.status.${o.status}`)}</dd>
            <dt>{t('logs.col.started')}</dt>
            <dd>{new Date(o.started_at).toLocaleString(lang)}</dd>
            <dt>{t('logs.col.duration')}</dt>
            <dd>{o.duration_ms === null ? '—' : t('logs.ms', { ms: String(Math.round(o.duration_ms)) })}</dd>
            <dt>{t('logs.col.integration')}</dt>
            <dd>{o.provider_config_key ?? '—'}</dd>
            <dt>{t('logs.col.connection')}</dt>
            <dd>{o.connection_id ?? '—'}</dd>
            <dt>{t('logs.col.message')}</dt>
            <dd>{o.message ?? '—'}</dd>
            <dt>{t('logs.detail')}</dt>
            <dd>
              <pre>
                <code>{JSON.stringify(o.detail, null, 2)}</code>
              </pre>
            </dd>
          </dl>
        )}
      </QueryState>
    </section>
  );
}
