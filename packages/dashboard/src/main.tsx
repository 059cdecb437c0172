import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter } from 'react-router';
import { App } from './app';
import { I18nProvider, pickLanguage } from './i18n/i18n';
import './styles.css';

// terapi serves the dashboard at / too: that is its home page.
if (!window.location.pathname.startsWith('/dashboard')) window.history.replaceState(null, '', `/dashboard/${window.location.hash}`);
const lang = pickLanguage(navigator.languages ?? [navigator.language]);
document.documentElement.lang = lang;
const queryClient = new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: true, staleTime: 10_000, retry: 1 } } });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nProvider lang={lang}>
        <BrowserRouter basename="/dashboard">
          <App />
        </BrowserRouter>
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);
