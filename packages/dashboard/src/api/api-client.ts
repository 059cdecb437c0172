// The dashboard calls terapi's ordinary API with its session cookie (same origin), the environment it acts
// in (x-terapi-environment) and, on every request that may change something, the session's CSRF token.
// Any error answer becomes an ApiError with terapi's code and message.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ApiClient {
  readonly environment: string;
  get<T>(path: string): Promise<T>;
  send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
}

export interface ApiClientOptions {
  environment: string;
  csrfToken: string;
  /** Called when terapi no longer knows the session (expired, signed out elsewhere). */
  onSessionLost: () => void;
}

export async function request<T>(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'unreachable', 'terapi could not be reached.');
  }
  if (res.status === 204) return undefined as T;
  const json = (await res.json().catch(() => null)) as ({ error?: { code?: string; message?: string } } & Record<string, unknown>) | null;
  if (!res.ok || !json || json.error) {
    throw new ApiError(res.status, json?.error?.code ?? 'server_error', json?.error?.message ?? `terapi answered ${res.status}.`);
  }
  return json as T;
}

export function createApiClient(opts: ApiClientOptions): ApiClient {
  const guard = async <T>(p: Promise<T>): Promise<T> => {
    try {
      return await p;
    } catch (err) {
      if (err instanceof ApiError && err.code === 'dashboard_session_invalid') opts.onSessionLost();
      throw err;
    }
  };
  return {
    environment: opts.environment,
    get: (path) => guard(request('GET', path, { 'x-terapi-environment': opts.environment })),
    send: (method, path, body) => guard(request(method, path, { 'x-terapi-environment': opts.environment, 'x-csrf-token': opts.csrfToken }, body)),
  };
}
