// A non-2xx answer to a helper request throws, as axios does for Nango scripts; an action that lets it escape
// fails with `script_http_error` (nango-api.md §10.1).
export interface UpstreamResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  data: T;
}

export class UpstreamHttpError extends Error {
  readonly response: UpstreamResponse;

  constructor(method: string, endpoint: string, response: UpstreamResponse) {
    super(`${method.toUpperCase()} ${endpoint} answered ${response.status}`);
    this.name = 'UpstreamHttpError';
    this.response = response;
  }
}
