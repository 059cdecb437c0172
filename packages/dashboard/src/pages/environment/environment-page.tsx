// Environment settings (issue 12 point 7): the secret key (revealed on request) and its rotation — the
// replaced key keeps working for a grace the operator picks, and the page shows both keys with a warning
// until it ends or is revoked — the OAuth callback URL, and the Connect UI's look (theme, colours, logo,
// watermark; GET/PUT /environment/connect-ui-settings).
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSession } from '../../api/session';
import { useI18n } from '../../i18n/i18n';
import { QueryState } from '../../components/query-state';
import { CopyButton } from '../../components/copy-button';
import { SecretValue } from './secret-value';

interface SecretKeys {
  secret_key: string;
  previous_secret_key: { secret_key: string; expires_at: string } | null;
}
interface ConnectUiSettings {
  theme: { light: { primary: string }; dark: { primary: string } };
  defaultTheme: 'light' | 'dark' | 'system';
  showWatermark: boolean;
  logoUrl: string | null;
}
const GRACE_HOURS = [1, 24, 72, 168] as const;

export function EnvironmentPage() {
  const { t } = useI18n();
  const { api } = useSession();
  return (
    <section aria-labelledby="environment-title">
      <h1 id="environment-title">{t('environment.title', { environment: api.environment })}</h1>
      <SecretKeySection />
      <CallbackSection />
      <ConnectUiSection />
    </section>
  );
}

function SecretKeySection() {
  const { t, lang } = useI18n();
  const { api } = useSession();
  const ids = useId();
  const queryClient = useQueryClient();
  // the same query Getting started reads, so a rotation shows there too
  const queryKey = ['env', api.environment, 'secret-key'];
  const keys = useQuery({ queryKey, queryFn: () => api.get<SecretKeys>('/dashboard/api/secret-key'), staleTime: Infinity });
  const [revealed, setRevealed] = useState(false);
  const [revealedPrevious, setRevealedPrevious] = useState(false);
  const [confirming, setConfirming] = useState<'rotate' | 'revoke' | null>(null);
  const [grace, setGrace] = useState<number>(24);
  const done = (answer: SecretKeys) => {
    queryClient.setQueryData(queryKey, answer);
    setConfirming(null);
  };
  const rotate = useMutation({ mutationFn: () => api.send<SecretKeys>('POST', '/environment/secret-key/rotate', { grace_hours: grace }), onSuccess: done });
  const revoke = useMutation({ mutationFn: () => api.send<SecretKeys>('POST', '/environment/secret-key/revoke-previous'), onSuccess: done });
  const failed = rotate.error ?? revoke.error;
  return (
    <section aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('environment.secret_key')}</h2>
      <QueryState query={keys}>
        {(k) => (
          <>
            <p>
              <SecretValue label={t('environment.current_key')} value={k.secret_key} revealed={revealed} onToggle={() => setRevealed(!revealed)} />
            </p>
            {k.previous_secret_key && (
              <div role="alert" className="notice warning">
                <p>
                  <strong>{t('environment.grace_warning', { until: new Date(k.previous_secret_key.expires_at).toLocaleString(lang) })}</strong>
                </p>
                <p>
                  <SecretValue label={t('environment.previous_key')} value={k.previous_secret_key.secret_key} revealed={revealedPrevious} onToggle={() => setRevealedPrevious(!revealedPrevious)} />
                </p>
                {confirming === 'revoke' ? (
                  <p role="group" aria-label={t('environment.revoke')}>
                    {t('environment.revoke_confirm_text')}{' '}
                    <button type="button" onClick={() => revoke.mutate()} disabled={revoke.isPending}>
                      {t('environment.revoke_confirm')}
                    </button>{' '}
                    <button type="button" className="secondary" onClick={() => setConfirming(null)}>
                      {t('common.cancel')}
                    </button>
                  </p>
                ) : (
                  <button type="button" className="secondary" onClick={() => setConfirming('revoke')}>
                    {t('environment.revoke')}
                  </button>
                )}
              </div>
            )}
            <p className="help">{t('environment.rotate_help')}</p>
            {confirming === 'rotate' ? (
              <div role="group" aria-label={t('environment.rotate')}>
                <label htmlFor={`${ids}-grace`}>{t('environment.grace')}</label>{' '}
                <select id={`${ids}-grace`} value={grace} onChange={(e) => setGrace(Number(e.target.value))}>
                  {GRACE_HOURS.map((h) => (
                    <option key={h} value={h}>
                      {t('environment.hours', { hours: String(h) })}
                    </option>
                  ))}
                </select>{' '}
                <button type="button" className="primary" onClick={() => rotate.mutate()} disabled={rotate.isPending}>
                  {t('environment.rotate_confirm')}
                </button>{' '}
                <button type="button" className="secondary" onClick={() => setConfirming(null)}>
                  {t('common.cancel')}
                </button>
              </div>
            ) : (
              <button type="button" onClick={() => setConfirming('rotate')}>
                {t('environment.rotate')}
              </button>
            )}
            {failed && (
              <p role="alert" className="error">
                {t('common.error', { message: failed.message })}
              </p>
            )}
          </>
        )}
      </QueryState>
    </section>
  );
}

function CallbackSection() {
  const { t } = useI18n();
  const { session } = useSession();
  const ids = useId();
  const url = `${session.server_url}/oauth/callback`;
  return (
    <section aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('environment.callback')}</h2>
      <p className="help">{t('environment.callback_help')}</p>
      <p className="callback">
        <code>{url}</code> <CopyButton text={url} what={t('environment.callback')} />
      </p>
    </section>
  );
}

function ConnectUiSection() {
  const { t } = useI18n();
  const { api } = useSession();
  const ids = useId();
  const queryClient = useQueryClient();
  const queryKey = ['env', api.environment, 'connect-ui-settings'];
  const settings = useQuery({ queryKey, queryFn: () => api.get<{ data: ConnectUiSettings }>('/environment/connect-ui-settings') });
  const [form, setForm] = useState<ConnectUiSettings | null>(null);
  useEffect(() => {
    if (settings.data) setForm(settings.data.data);
  }, [settings.data]);
  const save = useMutation({
    mutationFn: (s: ConnectUiSettings) => api.send<{ data: ConnectUiSettings }>('PUT', '/environment/connect-ui-settings', { ...s, logoUrl: s.logoUrl || null }),
    onSuccess: (answer) => queryClient.setQueryData(queryKey, answer),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (form) save.mutate(form);
  };
  return (
    <section aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('environment.connect_ui')}</h2>
      <QueryState query={settings}>
        {() =>
          form && (
            <form className="stack" onSubmit={submit}>
              <label htmlFor={`${ids}-theme`}>{t('environment.default_theme')}</label>
              <select id={`${ids}-theme`} value={form.defaultTheme} onChange={(e) => setForm({ ...form, defaultTheme: e.target.value as ConnectUiSettings['defaultTheme'] })}>
                {(['system', 'light', 'dark'] as const).map((v) => (
                  <option key={v} value={v}>
                    {t(`environment.theme.${v}`)}
                  </option>
                ))}
              </select>
              <label htmlFor={`${ids}-light`}>{t('environment.light_primary')}</label>
              <input id={`${ids}-light`} type="color" value={form.theme.light.primary} onChange={(e) => setForm({ ...form, theme: { ...form.theme, light: { primary: e.target.value } } })} />
              <label htmlFor={`${ids}-dark`}>{t('environment.dark_primary')}</label>
              <input id={`${ids}-dark`} type="color" value={form.theme.dark.primary} onChange={(e) => setForm({ ...form, theme: { ...form.theme, dark: { primary: e.target.value } } })} />
              <label htmlFor={`${ids}-logo`}>
                {t('environment.logo')} <span className="muted">{t('common.optional')}</span>
              </label>
              <input id={`${ids}-logo`} type="url" aria-describedby={`${ids}-logo-help`} value={form.logoUrl ?? ''} onChange={(e) => setForm({ ...form, logoUrl: e.target.value })} />
              <p id={`${ids}-logo-help`} className="help">
                {t('environment.logo_help')}
              </p>
              <label className="check">
                <input type="checkbox" checked={form.showWatermark} onChange={(e) => setForm({ ...form, showWatermark: e.target.checked })} /> {t('environment.watermark')}
              </label>
              <button type="submit" className="primary" disabled={save.isPending}>
                {t('common.save')}
              </button>
              <p role="status">{save.isSuccess ? t('environment.saved') : ''}</p>
              {save.isError && (
                <p role="alert" className="error">
                  {t('common.error', { message: save.error.message })}
                </p>
              )}
            </form>
          )
        }
      </QueryState>
    </section>
  );
}
