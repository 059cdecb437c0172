// The signed-in session: read once from GET /dashboard/api/session, with the environment the operator
// picked (remembered in localStorage, never a secret). Every page's API client comes from here.
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { createApiClient, request, type ApiClient } from './api-client';
import type { DashboardSessionInfo } from './api-types';

const ENV_STORAGE = 'terapi.dashboard.environment';
/** Set at sign-in, cleared at sign-out: a session the server no longer knows was then lost, not never made. */
export const SIGNED_IN_MARK = 'terapi.dashboard.signed-in';

interface SessionContextValue {
  session: DashboardSessionInfo;
  api: ApiClient;
  setEnvironment: (name: string) => void;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export const SESSION_QUERY = ['dashboard-session'] as const;

export function useSessionQuery() {
  return useQuery({ queryKey: SESSION_QUERY, queryFn: () => request<DashboardSessionInfo>('GET', '/dashboard/api/session', {}), retry: false, staleTime: Infinity });
}

export function SessionProvider({ session, children }: { session: DashboardSessionInfo; children: ReactNode }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const names = session.environments.map((e) => e.name);
  const stored = localStorage.getItem(ENV_STORAGE);
  const [environment, setEnv] = useState(stored && names.includes(stored) ? stored : names.includes('dev') ? 'dev' : (names[0] ?? ''));
  const value = useMemo<SessionContextValue>(() => {
    const lost = () => {
      queryClient.clear();
      navigate('/sign-in', { state: { reason: 'expired' } });
    };
    const api = createApiClient({ environment, csrfToken: session.csrf_token, onSessionLost: lost });
    return {
      session,
      api,
      setEnvironment: (name) => {
        localStorage.setItem(ENV_STORAGE, name);
        setEnv(name);
      },
      signOut: async () => {
        await request('POST', '/dashboard/api/sign-out', { 'x-csrf-token': session.csrf_token }).catch(() => undefined);
        localStorage.removeItem(SIGNED_IN_MARK);
        queryClient.clear();
        navigate('/sign-in', { state: { reason: 'signed-out' } });
      },
    };
  }, [environment, session, navigate, queryClient]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
