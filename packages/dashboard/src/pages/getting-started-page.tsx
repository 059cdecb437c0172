// Getting started: the five steps from nothing to a first connection, with commands filled in with this
// server's URL and the environment's secret key. The key is fetched only when the operator reveals it or
// copies a command (GET /dashboard/api/secret-key), and is shown masked until revealed.
import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSession } from '../api/session';
import { useI18n } from '../i18n/i18n';
import { CopyButton } from '../components/copy-button';

const MASK = '••••••••-••••-••••-••••-••••••••••••';

function snippets(server: string, key: string): string[] {
  const auth = `-H "Authorization: Bearer ${key}"`;
  const json = `-H "Content-Type: application/json"`;
  return [
    `curl -X POST ${server}/integrations ${auth} ${json} \\\n  -d '{"provider": "salesforce", "unique_key": "salesforce", "credentials": {"type": "OAUTH2", "client_id": "<Consumer Key>", "client_secret": "<Consumer Secret>", "scopes": "api,refresh_token"}}'`,
    `curl -X POST ${server}/connect/sessions ${auth} ${json} \\\n  -d '{"end_user": {"id": "user-1", "email": "user@example.com"}, "allowed_integrations": ["salesforce"]}'\n# then open data.connect_link in a browser`,
    `curl ${server}/connections ${auth}`,
    `curl ${server}/proxy/services/data/v60.0/limits ${auth} \\\n  -H "Provider-Config-Key: salesforce" -H "Connection-Id: <connection_id>"`,
    `TERAPI_HOST=${server} TERAPI_SECRET_KEY=${key} npx terapi deploy packages/server/src/providers/salesforce/functions\ncurl -X POST ${server}/sync/trigger ${auth} ${json} \\\n  -d '{"provider_config_key": "salesforce", "connection_id": "<connection_id>", "syncs": ["accounts"]}'\ncurl "${server}/records?model=SalesforceAccount" ${auth} \\\n  -H "Provider-Config-Key: salesforce" -H "Connection-Id: <connection_id>"`,
  ];
}

export function GettingStartedPage() {
  const { t } = useI18n();
  const { session, api } = useSession();
  const queryClient = useQueryClient();
  const [revealed, setRevealed] = useState(false);
  const keyQuery = { queryKey: ['env', api.environment, 'secret-key'], queryFn: () => api.get<{ secret_key: string }>('/dashboard/api/secret-key'), staleTime: Infinity };
  const key = useQuery({ ...keyQuery, enabled: revealed });
  const fullKey = async () => (await queryClient.fetchQuery(keyQuery)).secret_key;
  const server = session.server_url;
  const shown = snippets(server, revealed && key.data ? key.data.secret_key : MASK);
  const link = useMutation({
    mutationFn: () => api.send<{ data: { connect_link: string } }>('POST', '/connect/sessions', { end_user: { id: 'dashboard-test-user' } }),
  });
  const steps = [1, 2, 3, 4, 5] as const;

  return (
    <section aria-labelledby="start-title">
      <h1 id="start-title">{t('start.title')}</h1>
      <p>{t('start.intro', { server, environment: api.environment })}</p>
      <p className="muted">
        {t('start.key_masked')}{' '}
        <button type="button" className="secondary small" aria-pressed={revealed} onClick={() => setRevealed(!revealed)}>
          {revealed ? t('common.hide_key') : t('common.reveal_key')}
        </button>
      </p>
      <ol className="steps">
        {steps.map((n, i) => (
          <li key={n}>
            <h2>{t(`start.step${n}.title`)}</h2>
            <p>{t(`start.step${n}.body`)}</p>
            {n === 1 && (
              <p>
                <Link to="/integrations/new">{t('start.step1.link')}</Link>
              </p>
            )}
            {n === 2 && (
              <div>
                <button type="button" className="secondary" onClick={() => link.mutate()} disabled={link.isPending}>
                  {t('start.step2.button')}
                </button>
                {link.isError && (
                  <p role="alert" className="error">
                    {t('common.error', { message: link.error.message })}
                  </p>
                )}
                {link.data && (
                  <p role="status">
                    {t('start.step2.result')}{' '}
                    <a href={link.data.data.connect_link} target="_blank" rel="noreferrer">
                      {link.data.data.connect_link.replace(/session_token=.*/, 'session_token=…')}
                    </a>
                  </p>
                )}
              </div>
            )}
            {n === 3 && (
              <p>
                <Link to="/connections">{t('start.step3.link')}</Link>
              </p>
            )}
            <div className="snippet">
              <pre aria-label={t('start.snippet', { step: String(n) })}>
                <code>{shown[i]}</code>
              </pre>
              <CopyButton what={t('start.snippet', { step: String(n) })} resolve={async () => snippets(server, await fullKey())[i]!} />
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
