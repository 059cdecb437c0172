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
import { ConnectionsPage } from './pages/connections-page';
import { ConnectionDetailPage } from './pages/connection-detail-page';
import { LogsPage } from './pages/logs/logs-page';
import { LogDetailPage } from './pages/logs/log-detail-page';
import { WebhooksPage } from './pages/webhooks/webhooks-page';
import { EnvironmentPage } from './pages/environment/environment-page';

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
        <Route path="/connections" element={<ConnectionsPage />} />
        <Route path="/connections/:id" element={<ConnectionDetailPage />} />
        <Route path="/logs" element={<LogsPage />} />
        <Route path="/logs/:id" element={<LogDetailPage />} />
        <Route path="/webhooks" element={<WebhooksPage />} />
        <Route path="/environment" element={<EnvironmentPage />} />
        <Route path="*" element={<Navigate to="/getting-started" replace />} />
      </Route>
    </Routes>
  );
}
