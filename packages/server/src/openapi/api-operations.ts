// What /openapi.json says of each public route (spec/operations.md "HTTP"; nango-api.md for the meaning
// of each). The route table itself comes from Fastify (route-table.ts), so a path cannot be documented
// without existing; openapi-document.test.ts fails when a registered route has no entry here.

/** nango-api.md §0.2: how a route authenticates its caller. */
export type AuthScheme = 'secretKey' | 'connectSessionToken' | 'connectSessionTokenQuery';

export interface ApiOperation {
  summary: string;
  /** The API section it belongs to (the OpenAPI tag). */
  tag: string;
  /** Schemes that are accepted (any one); none means public. */
  auth: AuthScheme[];
  /** What a success answers with when it is not JSON. */
  produces?: 'text/html' | 'text/plain' | 'any';
}

const SECRET: AuthScheme[] = ['secretKey'];
const SECRET_OR_SESSION: AuthScheme[] = ['secretKey', 'connectSessionToken'];

/** Keyed by "METHOD /path" with Fastify's path syntax (`:param`, `*`). */
export const API_OPERATIONS: Record<string, ApiOperation> = {
  'GET /': { summary: 'Where things are (HTML); the frontend SDK opens its WebSocket here', tag: 'Server', auth: [], produces: 'text/html' },
  'GET /health': { summary: 'Readiness: {"result":"ok"} once migrations ran, 503 before', tag: 'Server', auth: [] },
  'GET /openapi.json': { summary: 'This description of the public API', tag: 'Server', auth: [] },
  'GET /metrics': { summary: 'Prometheus metrics (proxy requests, errors, retries, latency; per-connection API usage with Bearer TERAPI_METRICS_KEY)', tag: 'Server', auth: [], produces: 'text/plain' },

  'GET /providers': { summary: 'List the provider catalog', tag: 'Providers', auth: SECRET_OR_SESSION },
  'GET /providers/:provider': { summary: 'Get one provider of the catalog', tag: 'Providers', auth: SECRET_OR_SESSION },

  'GET /integrations': { summary: 'List integrations', tag: 'Integrations', auth: SECRET_OR_SESSION },
  'POST /integrations': { summary: 'Create an integration (client secret encrypted at rest)', tag: 'Integrations', auth: SECRET },
  'GET /integrations/:uniqueKey': { summary: 'Get an integration (credentials only with include=credentials)', tag: 'Integrations', auth: SECRET_OR_SESSION },
  'PATCH /integrations/:uniqueKey': { summary: 'Update an integration', tag: 'Integrations', auth: SECRET },
  'DELETE /integrations/:uniqueKey': { summary: 'Delete an integration', tag: 'Integrations', auth: SECRET },

  'POST /connect/sessions': { summary: 'Create a connect session for an end user', tag: 'Connect sessions', auth: SECRET },
  'POST /connect/sessions/reconnect': { summary: 'Create a connect session that re-authorizes an existing connection', tag: 'Connect sessions', auth: SECRET },
  'GET /connect/session': { summary: 'Read the calling connect session', tag: 'Connect sessions', auth: ['connectSessionToken'] },
  'GET /connect/': { summary: 'The Connect UI (the connect_link opens it; openConnectUI frames it)', tag: 'Connect sessions', auth: [], produces: 'text/html' },
  'GET /connect/assets/:file': { summary: 'Connect UI assets (content-hashed, cached for a year)', tag: 'Connect sessions', auth: [], produces: 'any' },
  'DELETE /connect/session': { summary: 'Revoke the calling connect session', tag: 'Connect sessions', auth: ['connectSessionToken'] },

  'GET /oauth/connect/:providerConfigKey': { summary: 'Start an OAuth flow: redirects to the provider with state and PKCE (S256)', tag: 'Auth', auth: ['connectSessionTokenQuery'], produces: 'text/html' },
  'GET /oauth/callback': { summary: "The provider's redirect: exchanges the code and answers the page that notifies the opener", tag: 'Auth', auth: [], produces: 'text/html' },
  'POST /oauth2/auth/:providerConfigKey': { summary: 'Create a client-credentials connection (e.g. salesforce-cc)', tag: 'Auth', auth: ['connectSessionTokenQuery'] },
  'POST /auth/two-step/:providerConfigKey': { summary: 'Create a two-step connection (e.g. JWT bearer for salesforce-jwt)', tag: 'Auth', auth: ['connectSessionTokenQuery'] },
  'POST /auth/jwt/:providerConfigKey': { summary: 'Create a JWT-bearer connection', tag: 'Auth', auth: ['connectSessionTokenQuery'] },

  'GET /connections': { summary: 'List connections (filters: connectionId, search, endUserId, …)', tag: 'Connections', auth: SECRET },
  'POST /connections': { summary: 'Import a connection with existing credentials', tag: 'Connections', auth: SECRET },
  'GET /connections/:connectionId': { summary: 'Get a connection with fresh credentials (refreshed when due; force_refresh=true forces it)', tag: 'Connections', auth: SECRET },
  'PATCH /connections/:connectionId': { summary: "Update a connection's end user and tags", tag: 'Connections', auth: SECRET },
  'DELETE /connections/:connectionId': { summary: 'Delete a connection (its token is revoked at the provider, best effort)', tag: 'Connections', auth: SECRET },
  'POST /connections/metadata': { summary: "Set connections' metadata", tag: 'Connections', auth: SECRET },
  'PATCH /connections/metadata': { summary: "Merge into connections' metadata", tag: 'Connections', auth: SECRET },

  'GET /environment': { summary: "The calling key's environment and its webhook signing key", tag: 'Environment', auth: SECRET },
  'PUT /environment/webhook': { summary: "Set the environment's webhook URLs and switches", tag: 'Environment', auth: SECRET },

  'ALL /proxy': { summary: "Call the provider at the connection's base URL with its credentials (Connection-Id, Provider-Config-Key headers)", tag: 'Proxy', auth: SECRET, produces: 'any' },
  'ALL /proxy/*': { summary: "Call the provider at the connection's base URL with its credentials (Connection-Id, Provider-Config-Key headers)", tag: 'Proxy', auth: SECRET, produces: 'any' },

  'GET /records': { summary: 'Read synced records by cursor (model, variant, filter, modified_after, ids)', tag: 'Records', auth: SECRET },
  'PATCH /records/prune': { summary: 'Empty the payloads of records up to a cursor, keeping their metadata', tag: 'Records', auth: SECRET },

  'POST /sync/trigger': { summary: 'Run syncs now (incremental, full resync, or reset)', tag: 'Syncs', auth: SECRET },
  'POST /sync/start': { summary: 'Start (unpause) syncs', tag: 'Syncs', auth: SECRET },
  'POST /sync/pause': { summary: 'Pause syncs', tag: 'Syncs', auth: SECRET },
  'GET /sync/status': { summary: 'Status of syncs for connections', tag: 'Syncs', auth: SECRET },
  'POST /sync/:name/variant/:variant': { summary: 'Create a variant of a sync for a connection', tag: 'Syncs', auth: SECRET },
  'DELETE /sync/:name/variant/:variant': { summary: 'Delete a variant of a sync for a connection', tag: 'Syncs', auth: SECRET },
  'PUT /sync/update-connection-frequency': { summary: "Override a sync's frequency for one connection", tag: 'Syncs', auth: SECRET },

  'POST /action/trigger': { summary: 'Run an action, synchronously or with X-Async', tag: 'Actions', auth: SECRET },
  'GET /action/:id': { summary: 'The result of an asynchronous action', tag: 'Actions', auth: SECRET },

  'GET /scripts/config': { summary: 'The deployed functions per integration', tag: 'Functions', auth: SECRET },
  'POST /functions/deploy': { summary: 'Upload bundled functions (used by `terapi deploy`)', tag: 'Functions', auth: SECRET },
  'POST /functions/dryrun': { summary: 'Run a function against a live connection, saving nothing (used by `terapi dryrun`)', tag: 'Functions', auth: SECRET },
};
