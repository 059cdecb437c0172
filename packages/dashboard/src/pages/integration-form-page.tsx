// Create or edit an integration: the provider picker reads the catalog (GET /providers); the provider's
// setup guide (if it has one) sits beside the fields it explains, and names them as the provider does.
// Editing shows the functions deployed for the integration (GET /scripts/config).
import { useEffect, useId, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSession } from '../api/session';
import type { DeployedFunctions, Integration, Provider } from '../api/api-types';
import { useI18n, hasMessage } from '../i18n/i18n';
import { PROVIDER_GUIDES } from '../guides/provider-guides';
import { ProviderGuidePanel } from '../components/provider-guide';
import { QueryState } from '../components/query-state';
import { DeployedFunctionsTable } from '../components/deployed-functions';

interface FormState {
  provider: string;
  uniqueKey: string;
  displayName: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
}

const EMPTY: FormState = { provider: '', uniqueKey: '', displayName: '', clientId: '', clientSecret: '', scopes: '' };

/** Keyed by the integration, so a new form (or the page after a create) starts from its own state. */
export function IntegrationFormPage() {
  const { key } = useParams();
  return <IntegrationForm key={key ?? ''} integrationKey={key} />;
}

function IntegrationForm({ integrationKey: key }: { integrationKey: string | undefined }) {
  const editing = key !== undefined;
  const { t } = useI18n();
  const { api, session } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const ids = useId();
  const [form, setForm] = useState<FormState>(EMPTY);
  const createdKey = (useLocation().state as { createdKey?: string } | null)?.createdKey;
  const [saved, setSaved] = useState<string | undefined>(createdKey ? t('form.created', { key: createdKey }) : undefined);

  const providers = useQuery({ queryKey: ['providers'], queryFn: () => api.get<{ data: Provider[] }>('/providers'), staleTime: Infinity });
  const existing = useQuery({
    queryKey: ['env', api.environment, 'integration', key],
    enabled: editing,
    queryFn: () => api.get<{ data: Integration }>(`/integrations/${encodeURIComponent(key!)}?include=credentials`),
  });
  useEffect(() => {
    const i = existing.data?.data;
    // the client secret is never put in the form: a new one is typed to change it
    if (i) setForm({ provider: i.provider, uniqueKey: i.unique_key, displayName: i.display_name, clientId: i.credentials?.client_id ?? '', clientSecret: '', scopes: i.credentials?.scopes ?? '' });
  }, [existing.data]);

  const provider = providers.data?.data.find((p) => p.name === form.provider);
  const guide = provider ? PROVIDER_GUIDES[provider.name] : undefined;
  const takesCredentials = provider?.auth_mode === 'OAUTH2';
  const fieldLabel = (field: 'client_id' | 'client_secret') => (guide && hasMessage(`guide.${guide.id}.field.${field}`) ? t(`guide.${guide.id}.field.${field}`) : t(`form.${field}`));

  const save = useMutation({
    mutationFn: async () => {
      const credentials =
        takesCredentials && form.clientSecret !== '' ? { type: 'OAUTH2', client_id: form.clientId.trim(), client_secret: form.clientSecret, scopes: form.scopes.replace(/\s+/g, '') } : undefined;
      const body = { unique_key: form.uniqueKey.trim(), ...(form.displayName.trim() ? { display_name: form.displayName.trim() } : {}), ...(credentials ? { credentials } : {}) };
      if (editing) return api.send<{ data: Integration }>('PATCH', `/integrations/${encodeURIComponent(key!)}`, body);
      return api.send<{ data: Integration }>('POST', '/integrations', { provider: form.provider, ...body });
    },
    onSuccess: async (res) => {
      await queryClient.invalidateQueries({ queryKey: ['env', api.environment] });
      if (editing) setSaved(t('form.saved'));
      if (!editing || res.data.unique_key !== key) navigate(`/integrations/${encodeURIComponent(res.data.unique_key)}`, { replace: true, state: editing ? undefined : { createdKey: res.data.unique_key } });
    },
  });

  const set = (k: keyof FormState) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const pickProvider = (e: { target: { value: string } }) => {
    const name = e.target.value;
    const g = PROVIDER_GUIDES[name];
    setForm((f) => ({
      ...f,
      provider: name,
      uniqueKey: f.uniqueKey === '' || f.uniqueKey === f.provider ? name : f.uniqueKey,
      scopes: f.scopes === '' && g && hasMessage(`guide.${g.id}.field.scopes_default`) ? t(`guide.${g.id}.field.scopes_default`) : f.scopes,
    }));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(undefined);
    save.mutate();
  };
  const fieldErrors = save.error ? save.error.message : undefined;

  const title = editing ? t('form.edit_title', { key: key! }) : t('form.create_title');
  return (
    <section aria-labelledby="form-title">
      <h1 id="form-title">{title}</h1>
      <QueryState query={providers}>
        {({ data: catalog }) => (
          <div className="form-layout">
            <form onSubmit={submit} className="stack" aria-labelledby="form-title">
              <label htmlFor={`${ids}-provider`}>{t('form.provider')}</label>
              <select id={`${ids}-provider`} value={form.provider} onChange={pickProvider} required disabled={editing} aria-describedby={`${ids}-provider-help`}>
                <option value="">{t('form.provider_choose')}</option>
                {catalog.map((p) => (
                  <option key={p.name} value={p.name}>
                    {p.display_name}
                  </option>
                ))}
              </select>
              <p id={`${ids}-provider-help`} className="help">{t('form.provider_help')}</p>

              <label htmlFor={`${ids}-key`}>{t('form.unique_key')}</label>
              <input id={`${ids}-key`} value={form.uniqueKey} onChange={set('uniqueKey')} required aria-describedby={`${ids}-key-help`} />
              <p id={`${ids}-key-help`} className="help">{t('form.unique_key_help')}</p>

              <label htmlFor={`${ids}-display`}>
                {t('form.display_name')} <span className="muted">{t('common.optional')}</span>
              </label>
              <input id={`${ids}-display`} value={form.displayName} onChange={set('displayName')} />

              {provider && !takesCredentials && <p className="notice">{t('form.no_credentials')}</p>}
              {takesCredentials && (
                <>
                  <label htmlFor={`${ids}-client-id`}>{fieldLabel('client_id')}</label>
                  <input id={`${ids}-client-id`} value={form.clientId} onChange={set('clientId')} autoComplete="off" spellCheck={false} />
                  <label htmlFor={`${ids}-client-secret`}>{fieldLabel('client_secret')}</label>
                  <input
                    id={`${ids}-client-secret`}
                    type="password"
                    value={form.clientSecret}
                    onChange={set('clientSecret')}
                    autoComplete="new-password"
                    aria-describedby={editing ? `${ids}-secret-help` : undefined}
                  />
                  {editing && <p id={`${ids}-secret-help`} className="help">{t('form.client_secret_keep')}</p>}
                  <label htmlFor={`${ids}-scopes`}>{t('form.scopes')}</label>
                  <input id={`${ids}-scopes`} value={form.scopes} onChange={set('scopes')} aria-describedby={`${ids}-scopes-help`} spellCheck={false} />
                  <p id={`${ids}-scopes-help`} className="help">{t('form.scopes_help')}</p>
                </>
              )}
              {fieldErrors && (
                <p role="alert" className="error">
                  {fieldErrors}
                </p>
              )}
              {saved && (
                <p role="status" className="success">
                  {saved}
                </p>
              )}
              <div>
                <button type="submit" className="primary" disabled={save.isPending || !form.provider}>
                  {save.isPending ? t('form.saving') : editing ? t('form.save') : t('form.create')}
                </button>
              </div>
            </form>
            {guide && provider && <ProviderGuidePanel guide={guide} providerName={provider.display_name} callbackUrl={`${session.server_url}/oauth/callback`} />}
          </div>
        )}
      </QueryState>
      {editing && (
        <section aria-labelledby="functions-title">
          <h2 id="functions-title">{t('form.functions_title')}</h2>
          <FunctionsOf integrationKey={key!} />
          <p>
            <Link to={`/webhooks?integration=${encodeURIComponent(key!)}`}>{t('webhooks.incoming_link')}</Link>
          </p>
        </section>
      )}
    </section>
  );
}

function FunctionsOf({ integrationKey }: { integrationKey: string }) {
  const { api } = useSession();
  const config = useQuery({ queryKey: ['env', api.environment, 'scripts-config'], queryFn: () => api.get<DeployedFunctions[]>('/scripts/config') });
  return <QueryState query={config}>{(all) => <DeployedFunctionsTable functions={all.find((f) => f.providerConfigKey === integrationKey)} />}</QueryState>;
}
