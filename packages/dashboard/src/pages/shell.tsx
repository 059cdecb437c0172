// The layout of every signed-in page: a skip link, the navigation, the environment picker, sign-out.
import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useSession } from '../api/session';
import { useI18n } from '../i18n/i18n';

const NAV = [
  { to: '/getting-started', key: 'nav.getting_started' },
  { to: '/integrations', key: 'nav.integrations' },
  { to: '/connections', key: 'nav.connections' },
  { to: '/logs', key: 'nav.logs' },
  { to: '/webhooks', key: 'nav.webhooks' },
  { to: '/environment', key: 'nav.environment' },
] as const;

export function Shell() {
  const { t } = useI18n();
  const { session, api, setEnvironment, signOut } = useSession();
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // after a page change, focus moves to the page (as a full load would) so a screen reader reads it and Tab starts there
  useEffect(() => {
    if (first.current) first.current = false;
    else main.current?.focus();
  }, [pathname]);
  return (
    <div className="shell">
      <a className="skip" href="#content">
        {t('shell.skip')}
      </a>
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        <div className="topbar-right">
          <label htmlFor="environment-picker">{t('shell.environment')}</label>
          <select id="environment-picker" value={api.environment} onChange={(e) => setEnvironment(e.target.value)}>
            {session.environments.map((e) => (
              <option key={e.name} value={e.name}>
                {e.name}
              </option>
            ))}
          </select>
          <button type="button" className="secondary" onClick={() => void signOut()}>
            {t('shell.sign_out')}
          </button>
        </div>
      </header>
      <div className="body">
        <nav aria-label={t('nav.label')} className="sidenav">
          <ul>
            {NAV.map((n) => (
              <li key={n.to}>
                <NavLink to={n.to}>{t(n.key)}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <main id="content" tabIndex={-1} ref={main}>
          <Outlet />
        </main>
      </div>
    </div>
  );
}
