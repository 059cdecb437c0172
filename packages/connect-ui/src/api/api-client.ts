// The three reads the Connect UI makes with the session token (nango-api.md §3.7): any status but 200, or a
// JSON body with an `error` key, is an error carrying terapi's code and message.
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
  /** Identifies the cache entries of this session. */
  readonly key: string;
  get<T>(path: string): Promise<T>;
}

export function createApiClient(apiURL: string, sessionToken: string, lang: string): ApiClient {
  return {
    key: sessionToken,
    async get<T>(path: string): Promise<T> {
      let res: Response;
      try {
        res = await fetch(`${apiURL}${path}`, { headers: { authorization: `Bearer ${sessionToken}`, 'accept-language': lang } });
      } catch {
        throw new ApiError(0, 'unreachable', 'terapi could not be reached.');
      }
      const body = (await res.json().catch(() => null)) as { data?: T; error?: { code?: string; message?: string } } | null;
      if (res.status !== 200 || !body || body.error) {
        throw new ApiError(res.status, body?.error?.code ?? 'server_error', body?.error?.message ?? `terapi answered ${res.status}.`);
      }
      return body.data as T;
    },
  };
}
