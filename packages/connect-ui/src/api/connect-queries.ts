// Server state through TanStack Query: one hook per endpoint, cached per session token.
import { useQuery } from '@tanstack/react-query';
import { ApiError, type ApiClient } from './api-client';
import type { ConnectSession, Integration, Provider } from './api-types';

// An unknown or expired token will not become valid by asking again; a network error might.
const retry = (count: number, err: unknown) => !(err instanceof ApiError && err.status !== 0) && count < 2;

export function useConnectSession(api: ApiClient | null) {
  return useQuery({ queryKey: ['session', api?.key], queryFn: () => api!.get<ConnectSession>('/connect/session'), enabled: api !== null, retry });
}

export function useIntegrations(api: ApiClient | null) {
  return useQuery({ queryKey: ['integrations', api?.key], queryFn: () => api!.get<Integration[]>('/integrations'), enabled: api !== null, retry });
}

export function useProvider(api: ApiClient | null, provider: string | undefined) {
  return useQuery({
    queryKey: ['provider', api?.key, provider],
    queryFn: () => api!.get<Provider>(`/providers/${encodeURIComponent(provider!)}`),
    enabled: api !== null && provider !== undefined,
    retry,
  });
}
