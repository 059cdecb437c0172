export interface RestAuthFailure {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

// spec/salesforce.md §0: no space before `charset`.
export const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

/** spec/salesforce.md §3.11, captured in restforce#284. */
export function invalidSessionResponse(): RestAuthFailure {
  return {
    status: 401,
    headers: { 'www-authenticate': 'Token', 'content-type': JSON_CONTENT_TYPE },
    body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }],
  };
}
