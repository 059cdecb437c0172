// What a provider module may add to the catalog's data (STYLE.md habit 6). Core code calls these hooks by
// the catalog's `hooks:` name and never tests a provider's name.
import type { TerapiError } from '../errors/terapi-error.js';
import type { OutboundHttp } from '../outbound/outbound-http.js';
import type { Provider } from './provider-catalog.js';

export interface TokenErrorContext {
  provider: Provider;
  /** The token endpoint called. */
  url: string;
  status: number;
  /** The parsed error body, e.g. {"error":"invalid_grant","error_description":"..."}. */
  body: unknown;
  grantType: string;
  connectionConfig: Record<string, unknown>;
}

export type IntrospectionResult =
  | { kind: 'active'; expiresAt: Date }
  | { kind: 'inactive' }
  /** The provider will not tell (e.g. Salesforce's "Introspect All Tokens" is off): refresh on 401 instead. */
  | { kind: 'refused'; error?: TerapiError };

export interface IntrospectionContext {
  provider: Provider;
  http: OutboundHttp;
  accessToken: string;
  clientId: string | undefined;
  clientSecret: string | undefined;
  connectionConfig: Record<string, unknown>;
  /** The token was issued moments ago, so an "inactive" answer cannot mean it is dead. */
  justIssued?: boolean;
}

export interface ProviderHooks {
  /** connection_config entries derived from a token response beyond `token_response_metadata`. */
  connectionConfigFromTokenResponse?(raw: Record<string, unknown>, provider: Provider): Record<string, unknown>;
  /** Learns when an access token expires when the token response does not say (Salesforce gives no expires_in). */
  introspect?(ctx: IntrospectionContext): Promise<IntrospectionResult>;
  /** Turns a token-endpoint refusal into a coded error whose message says what to do. */
  explainTokenError?(ctx: TokenErrorContext): TerapiError | undefined;
  /** Whether a token response lacks something the provider needs (e.g. a refresh_token). */
  checkTokenResponse?(raw: Record<string, unknown>, ctx: { provider: Provider; grantType: string }): TerapiError | undefined;
  /** Whether an upstream response means the session expired and one refresh + replay may fix it. */
  isExpiredSession?(status: number, body: string): boolean;
  /** The API allocation an upstream response reports (e.g. Salesforce's Sforce-Limit-Info), if any. */
  apiUsageFromHeaders?(headers: Record<string, string | string[] | undefined>): ApiUsageReading | undefined;
  /** Whether an upstream error response means "rate limited, retry later" though its status is not 429/503. */
  isRateLimited?(status: number, body: string): boolean;
  /**
   * Authenticates and reads a webhook the provider posted to /webhook/:environmentUuid/:providerConfigKey
   * (incoming-webhooks/): which connections it concerns, its events, and the answer once they are stored.
   * Throws a TerapiError to refuse it. A provider without this hook receives no webhooks.
   */
  receiveWebhook?(req: IncomingWebhookRequest): IncomingWebhook;
  /** Fields GET /integrations/:key/webhook adds to the URL and secret (e.g. a URL carrying a token). */
  webhookSetup?(setup: { url: string; secret: string }): Record<string, string>;
}

export interface IncomingWebhookRequest {
  /** The body's bytes as received (signatures are computed over them). */
  rawBody: Buffer;
  /** The media type, lowercased, without parameters (e.g. text/xml). */
  contentType: string;
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, unknown>;
  /** The integration's webhook secret, which terapi generated (GET /integrations/:key/webhook shows it). */
  secret: string;
}

/** Which of the integration's connections an incoming webhook concerns. */
export type IncomingWebhookRoute =
  /** Connections whose connection_config[key] starts with `prefix` (case-sensitive). */
  | { by: 'connectionConfigPrefix'; key: string; prefix: string }
  /** The connection the sender named (Nango's `{nango: {connectionId}}` shape). */
  | { by: 'connectionId'; connectionId: string };

export interface IncomingEvent {
  /** Unique per integration across resends of the same event (deduplication). */
  key: string;
  /** What syncs subscribe to (`webhookSubscriptions`), e.g. a Salesforce sObject type. */
  type?: string;
  /** What is stored and forwarded; never a credential of the sender. */
  payload: unknown;
}

export interface IncomingWebhook {
  route: IncomingWebhookRoute;
  events: IncomingEvent[];
  /** The `payload` of the forward webhook to the app, from the events not seen before. */
  forwardPayload(events: IncomingEvent[]): unknown;
  /** The answer once every event is stored. */
  ack: { contentType: string; body: string };
}

/** Used and maximum API requests of the provider's current allocation window. */
export interface ApiUsageReading {
  used: number;
  max: number;
}

export type ProviderHooksRegistry = ReadonlyMap<string, ProviderHooks>;

export function hooksOf(registry: ProviderHooksRegistry, provider: Provider): ProviderHooks {
  return (provider.hooks && registry.get(provider.hooks)) || {};
}
