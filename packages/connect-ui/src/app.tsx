// The Connect UI's flow: session token (URL or parent frame) → session and integrations → one integration's
// form → auth → success or error. Screens are chosen from this state; server data comes from connect-queries.
import { useEffect, useMemo, useState } from 'react';
import { ApiError, createApiClient } from './api/api-client';
import type { Integration } from './api/api-types';
import { useConnectSession, useIntegrations, useProvider } from './api/connect-queries';
import { runAuth, supportsAuthMode, type AuthOutcome } from './auth/run-auth';
import type { ConnectParams } from './connect-params';
import { ConnectForm } from './form/connect-form';
import { isEmbedded, listenForSessionToken, postToParent } from './frame/parent-frame';
import { useI18n } from './i18n/i18n';
import { IntegrationList } from './screens/integration-list';
import { Shell, StatusScreen } from './screens/shell';
import { applyTheme } from './theme/apply-theme';

type Phase = { kind: 'form'; busy: boolean } | { kind: 'success'; outcome: AuthOutcome } | { kind: 'error'; errorType: string; message: string };

/** Client-side failures have no server message; they get one of ours, in the user's language. */
const LOCAL_ERRORS: Record<string, string> = { window_closed: 'error.windowClosed', blocked_by_browser: 'error.popupBlocked' };

export function App({ params }: { params: ConnectParams }) {
  const { t, lang } = useI18n();
  const [token, setToken] = useState<string | null>(params.sessionToken);
  useEffect(() => (isEmbedded ? listenForSessionToken(setToken) : undefined), []);
  const api = useMemo(() => (token ? createApiClient(params.apiURL, token, lang) : null), [token, params.apiURL, lang]);
  const session = useConnectSession(api);
  const integrations = useIntegrations(api);
  const [picked, setPicked] = useState<Integration | null>(null);
  const [carried, setCarried] = useState<Record<string, string>>({});
  const [phase, setPhase] = useState<Phase>({ kind: 'form', busy: false });

  const settings = session.data?.connectUISettings;
  useEffect(() => applyTheme(settings, params.theme), [settings, params.theme]);
  useEffect(() => {
    if (settings) postToParent({ type: 'settings_changed', payload: settings });
  }, [settings]);

  const list = integrations.data ?? [];
  const only = list.length === 1 ? list[0]! : null;
  const current = picked ?? only;
  const provider = useProvider(api, current?.provider);
  const watermark = settings?.showWatermark ?? true;
  const logo = settings?.logoUrl && /^(https:|data:image\/)/i.test(settings.logoUrl) ? settings.logoUrl : undefined;
  const screen = (node: React.ReactNode) => (
    <Shell watermark={watermark} logo={logo}>
      {node}
    </Shell>
  );

  if (!token) {
    if (isEmbedded) return screen(<StatusScreen title={t('loading')} />);
    return screen(<StatusScreen tone="error" title={t('session.missing.title')} body={t('session.missing.body')} />);
  }
  const loadError = [session.error, integrations.error].find((e) => e) as ApiError | Error | undefined;
  if (loadError) {
    if (loadError instanceof ApiError && loadError.status === 401) {
      return screen(<StatusScreen tone="error" title={t('session.invalid.title')} body={t('session.invalid.body')} />);
    }
    const retry = () => void Promise.all([session.refetch(), integrations.refetch()]);
    const body = loadError instanceof ApiError && loadError.code === 'unreachable' ? t('error.unreachable') : loadError.message;
    return screen(<StatusScreen tone="error" title={t('error.title')} body={body} action={<button type="button" className="primary" onClick={retry}>{t('error.retry')}</button>} />);
  }
  if (!session.data || !integrations.data) return screen(<StatusScreen title={t('loading')} />);

  if (phase.kind === 'success') {
    const done = () => postToParent({ type: 'close' });
    return screen(
      <StatusScreen
        tone="success"
        title={t('success.title')}
        body={t('success.body', { name: current?.display_name ?? '' })}
        action={isEmbedded ? <button type="button" className="primary" onClick={done}>{t('success.done')}</button> : undefined}
      />,
    );
  }
  if (phase.kind === 'error') {
    const again = () => setPhase({ kind: 'form', busy: false });
    return screen(<StatusScreen tone="error" title={t('error.title')} body={phase.message} action={<button type="button" className="primary" onClick={again}>{t('error.retry')}</button>} />);
  }
  if (!current) return screen(<IntegrationList integrations={list} onPick={(i) => (setCarried({}), setPicked(i))} />);

  if (provider.error) {
    const unknown = provider.error instanceof ApiError && provider.error.status === 404;
    return screen(<StatusScreen tone="error" title={t('error.title')} body={unknown ? t('error.unknownProvider', { provider: current.provider }) : (provider.error as Error).message} />);
  }
  if (!provider.data) return screen(<StatusScreen title={t('loading')} />);
  if (!supportsAuthMode(provider.data.auth_mode)) return screen(<StatusScreen tone="error" title={t('error.title')} body={t('error.unknownProvider', { provider: current.provider })} />);

  const start = (p: Record<string, string>, credentials: Record<string, string>, typed: Record<string, string>) => {
    setCarried(typed);
    setPhase({ kind: 'form', busy: true });
    runAuth({
      apiURL: params.apiURL,
      sessionToken: token,
      websocketsPath: session.data.websocketsPath,
      integrationKey: current.unique_key,
      authMode: provider.data.auth_mode,
      params: p,
      credentials,
      reconnect: session.data.isReconnecting === true,
      detectClosedAuthWindow: params.detectClosedAuthWindow,
    }).then(
      (outcome) => {
        postToParent({ type: 'connect', payload: { providerConfigKey: outcome.providerConfigKey, connectionId: outcome.connectionId, ...(outcome.isPending !== undefined ? { isPending: outcome.isPending } : {}) } });
        setPhase({ kind: 'success', outcome });
      },
      (err: { type?: string; message?: string }) => {
        const errorType = err.type ?? 'unknown_error';
        const local = LOCAL_ERRORS[errorType];
        const message = local ? t(local) : err.message || t('error.unreachable');
        postToParent({ type: 'error', payload: { errorType, errorMessage: message } });
        setPhase({ kind: 'error', errorType, message });
      },
    );
  };

  return screen(
    <ConnectForm
      key={current.unique_key}
      integration={current}
      provider={provider.data}
      preset={session.data.integrations_config_defaults?.[current.unique_key]?.connection_config ?? {}}
      reconnect={session.data.isReconnecting === true}
      busy={phase.busy}
      initialValues={carried}
      integrations={list}
      onBack={only ? undefined : () => setPicked(null)}
      onSwitch={(to, values) => (setCarried(values), setPicked(to))}
      onSubmit={start}
    />,
  );
}
