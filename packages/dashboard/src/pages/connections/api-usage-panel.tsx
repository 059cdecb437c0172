// The org's Salesforce API usage (GET /connections/:id/api-usage): the latest reading as "used of daily max"
// with a meter, and the hourly samples as a small SVG chart whose data is also a table (the chart is
// decorative for screen readers: the table carries the same numbers).
import { useQuery } from '@tanstack/react-query';
import { useSession } from '../../api/session';
import { useI18n } from '../../i18n/i18n';
import { qs, type ApiUsage } from './connection-api';

const W = 480;
const H = 120;

function Chart({ history }: { history: ApiUsage['history'] }) {
  const max = Math.max(1, ...history.map((h) => h.max));
  const step = history.length > 1 ? W / (history.length - 1) : 0;
  const points = history.map((h, i) => `${(i * step).toFixed(1)},${(H - (h.used / max) * H).toFixed(1)}`).join(' ');
  return (
    <svg className="usage-chart" viewBox={`-4 -4 ${W + 8} ${H + 8}`} width={W} height={H} aria-hidden="true" focusable="false">
      <line x1={0} y1={0} x2={W} y2={0} stroke="#b91c1c" strokeDasharray="4 4" />
      <line x1={0} y1={H} x2={W} y2={H} stroke="#9ca3af" />
      {history.length === 1 ? <circle cx={W / 2} cy={H - (history[0]!.used / max) * H} r={4} fill="#0b5cff" /> : <polyline points={points} fill="none" stroke="#0b5cff" strokeWidth={2} />}
    </svg>
  );
}

export function ApiUsagePanel({ id, integration }: { id: string; integration: string }) {
  const { t, lang } = useI18n();
  const { api } = useSession();
  const usage = useQuery({
    queryKey: ['env', api.environment, 'connection', id, integration, 'api-usage'],
    queryFn: () => api.get<ApiUsage>(`/connections/${encodeURIComponent(id)}/api-usage?${qs({ provider_config_key: integration })}`),
    refetchInterval: 30_000,
  });
  const fmt = (n: number) => n.toLocaleString(lang);
  return (
    <section aria-labelledby="usage-title" className="panel">
      <h2 id="usage-title">{t('connections.usage.title')}</h2>
      {usage.isPending ? (
        <p role="status">{t('common.loading')}</p>
      ) : usage.isError ? (
        <p className="error">{t('common.error', { message: usage.error.message })}</p>
      ) : !usage.data.current ? (
        <p>{t('connections.usage.none')}</p>
      ) : (
        <>
          <p>
            <span id="usage-now">{t('connections.usage.current', { used: fmt(usage.data.current.used), max: fmt(usage.data.current.max) })}</span>{' '}
            <meter aria-labelledby="usage-now" min={0} max={usage.data.current.max} value={usage.data.current.used} high={usage.data.current.max * 0.8} />
          </p>
          {usage.data.current.updated_at && <p className="help">{t('connections.usage.as_of', { at: new Date(usage.data.current.updated_at).toLocaleString(lang) })}</p>}
          {usage.data.history.length > 0 && (
            <>
              <Chart history={usage.data.history} />
              <details>
                <summary>{t('connections.usage.table')}</summary>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('connections.usage.hour')}</th>
                      <th scope="col">{t('connections.usage.used')}</th>
                      <th scope="col">{t('connections.usage.max')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {usage.data.history.map((h) => (
                      <tr key={h.hour}>
                        <td>{new Date(h.hour).toLocaleString(lang)}</td>
                        <td>{fmt(h.used)}</td>
                        <td>{fmt(h.max)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            </>
          )}
        </>
      )}
    </section>
  );
}
