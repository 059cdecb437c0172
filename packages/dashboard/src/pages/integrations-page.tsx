// Integrations: the environment's list (GET /integrations), each opening its edit form.
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useSession } from '../api/session';
import type { Integration } from '../api/api-types';
import { useI18n } from '../i18n/i18n';
import { QueryState } from '../components/query-state';

export function IntegrationsPage() {
  const { t, lang } = useI18n();
  const { api } = useSession();
  const list = useQuery({ queryKey: ['env', api.environment, 'integrations'], queryFn: () => api.get<{ data: Integration[] }>('/integrations') });
  return (
    <section aria-labelledby="integrations-title">
      <div className="page-head">
        <h1 id="integrations-title">{t('integrations.title')}</h1>
        <Link className="button primary" to="/integrations/new">
          {t('integrations.new')}
        </Link>
      </div>
      <QueryState query={list}>
        {({ data }) =>
          data.length === 0 ? (
            <p>{t('integrations.empty', { environment: api.environment })}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('integrations.col.name')}</th>
                  <th scope="col">{t('integrations.col.key')}</th>
                  <th scope="col">{t('integrations.col.provider')}</th>
                  <th scope="col">{t('integrations.col.created')}</th>
                </tr>
              </thead>
              <tbody>
                {data.map((i) => (
                  <tr key={i.unique_key}>
                    <td>
                      <Link to={`/integrations/${encodeURIComponent(i.unique_key)}`} aria-label={t('integrations.edit_link', { name: i.display_name })}>
                        {i.display_name}
                      </Link>
                    </td>
                    <td>
                      <code>{i.unique_key}</code>
                    </td>
                    <td>{i.provider}</td>
                    <td>{new Date(i.created_at).toLocaleString(lang)}</td>
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
