import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App } from './app';
import { readConnectParams } from './connect-params';
import { I18nProvider, pickLanguage } from './i18n/i18n';
import { applyTheme } from './theme/apply-theme';
import './styles.css';

const params = readConnectParams();
const lang = pickLanguage(params.lang, navigator.languages ?? [navigator.language]);
document.documentElement.lang = lang;
applyTheme(undefined, params.theme);
const queryClient = new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false, staleTime: 60_000 } } });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nProvider lang={lang}>
        <App params={params} />
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);
