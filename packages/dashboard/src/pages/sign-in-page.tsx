// Sign-in: a link `npm start` printed carries a one-time token in its fragment (#token=…), which the
// browser never sends to a server; the page takes it out of the address bar at once and signs in with it.
// Otherwise the operator pastes a secret key (that environment only) or TERAPI_DASHBOARD_TOKEN.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, request } from '../api/api-client';
import { SESSION_QUERY, SIGNED_IN_MARK } from '../api/session';
import type { DashboardSessionInfo } from '../api/api-types';
import { useI18n } from '../i18n/i18n';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function SignInPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const reason = (location.state as { reason?: string } | null)?.reason;
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const started = useRef(false);

  const signIn = async (body: { token: string } | { secret_key: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      const session = await request<DashboardSessionInfo>('POST', '/dashboard/api/sign-in', {}, body);
      queryClient.clear();
      queryClient.setQueryData(SESSION_QUERY, session);
      localStorage.setItem(SIGNED_IN_MARK, '1');
      navigate('/getting-started', { replace: true });
    } catch (err) {
      const code = err instanceof ApiError ? err.code : '';
      setError(code === 'dashboard_sign_in_failed' ? t('secret_key' in body ? 'signin.wrong_key' : 'signin.link_used') : err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  useEffect(() => {
    const fromFragment = () => {
      const token = new URLSearchParams(window.location.hash.slice(1)).get('token');
      if (!token) return;
      window.history.replaceState(null, '', window.location.pathname);
      void signIn({ token });
    };
    // a link opened on this very page changes only the fragment: no reload, so listen for it too
    window.addEventListener('hashchange', fromFragment);
    if (!started.current) {
      started.current = true;
      fromFragment();
    }
    return () => window.removeEventListener('hashchange', fromFragment);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const v = value.trim();
    if (!v) return setError(t('signin.empty'));
    void signIn(UUID.test(v) ? { secret_key: v } : { token: v });
  };

  return (
    <main className="sign-in">
      <div className="card">
        <h1>{t('signin.title')}</h1>
        {reason === 'expired' && <p role="status" className="notice">{t('signin.expired')}</p>}
        {reason === 'signed-out' && <p role="status" className="notice">{t('signin.signed_out')}</p>}
        <p className="muted">{t('signin.intro')}</p>
        <form onSubmit={submit} noValidate>
          <label htmlFor="sign-in-secret">{t('signin.field')}</label>
          <input
            id="sign-in-secret"
            type="password"
            autoComplete="off"
            autoFocus
            value={value}
            onChange={(e) => setValue(e.target.value)}
            aria-describedby="sign-in-help"
            aria-invalid={error ? true : undefined}
            aria-errormessage={error ? 'sign-in-error' : undefined}
          />
          <p id="sign-in-help" className="help">{t('signin.field_help')}</p>
          {error && (
            <p id="sign-in-error" role="alert" className="error">
              {error}
            </p>
          )}
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('signin.signing_in') : t('signin.submit')}
          </button>
        </form>
      </div>
    </main>
  );
}
