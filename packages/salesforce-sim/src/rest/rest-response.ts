// spec/salesforce.md §0: no space before `charset`.
export const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

/** What a REST resource answers; the Fastify layer and composite subrequests both consume it. */
export interface RestResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Send without Content-Length (chunked), as composite responses are (spec/salesforce.md §3.9). */
  chunked?: boolean;
}

/** spec/salesforce.md §3.11: errors are an array of `{message, errorCode, fields?}`. */
export function restError(status: number, errorCode: string, message: string, fields?: string[]): RestResponse {
  return { status, body: [{ message, errorCode, ...(fields && fields.length > 0 ? { fields } : {}) }] };
}

export function notFound(): RestResponse {
  return restError(404, 'NOT_FOUND', 'The requested resource does not exist');
}
