// The pages. Every page but sign-in needs a session; without one (or when terapi no longer knows it) the
// operator lands on sign-in with a message. `/` (terapi serves the same index.html there) opens Getting started.
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { SessionProvider, SIGNED_IN_MARK, useSessionQuery } from './api/session';
import { useI18n } from './i18n/i18n';
import { SignInPage } from './pages/sign-in-page';
import { Shell } from './pages/shell';
import { GettingStartedPage } from './pages/getting-started-page';
import { IntegrationsPage } from './pages/integrations-page';
import { IntegrationFormPage } from './pages/integration-form-page';
import { ConnectionsListPage } from './pages/connections/connections-list-page';
import { ConnectionDetailPage } from './pages/connections/connection-detail-page';
import { lazy, Suspense, type ReactNode } from 'react';

// Logs, Webhooks and Environment settings load on first visit: the first load stays small.
const LogsPage = lazy(() => import('./pages/logs/logs-page').then((m) => ({ default: m.LogsPage })));
const LogDetailPage = lazy(() => import('./pages/logs/log-detail-page').then((m) => ({ default: m.LogDetailPage })));
const WebhooksPage = lazy(() => import('./pages/webhooks/webhooks-page').then((m) => ({ default: m.WebhooksPage })));
const EnvironmentPage = lazy(() => import('./pages/environment/environment-page').then((m) => ({ default: m.EnvironmentPage })));
function Later({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return <Suspense fallback={<p role="status">{t('common.loading')}</p>}>{children}</Suspense>;
}

function RequireSession() {
  const { t } = useI18n();
  const session = useSessionQuery();
  const location = useLocation();
  if (session.isPending) return <p role="status">{t('common.loading')}</p>;
  if (session.isError) {
    const lost = localStorage.getItem(SIGNED_IN_MARK) !== null;
    localStorage.removeItem(SIGNED_IN_MARK);
    return <Navigate to="/sign-in" replace state={{ reason: lost ? 'expired' : undefined, from: location.pathname }} />;
  }
  return (
    <SessionProvider session={session.data}>
      <Shell />
    </SessionProvider>
  );
}

export function App() {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route element={<RequireSession />}>
        <Route index element={<Navigate to="/getting-started" replace />} />
        <Route path="/getting-started" element={<GettingStartedPage />} />
        <Route path="/integrations" element={<IntegrationsPage />} />
        <Route path="/integrations/new" element={<IntegrationFormPage />} />
        <Route path="/integrations/:key" element={<IntegrationFormPage />} />
        <Route path="/connections" element={<ConnectionsListPage />} />
        <Route path="/connections/:id" element={<ConnectionDetailPage />} />
        <Route path="/logs" element={<Later><LogsPage /></Later>} />
        <Route path="/logs/:id" element={<Later><LogDetailPage /></Later>} />
        <Route path="/webhooks" element={<Later><WebhooksPage /></Later>} />
        <Route path="/environment" element={<Later><EnvironmentPage /></Later>} />
        <Route path="*" element={<Navigate to="/getting-started" replace />} />
      </Route>
    </Routes>
  );
}
