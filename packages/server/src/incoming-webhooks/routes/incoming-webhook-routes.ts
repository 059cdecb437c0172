// POST /webhook/:environmentUuid/:providerConfigKey (nango-api.md §11, issue 13): where providers post
// webhooks. Public (the provider module authenticates each request itself: a signature, a URL token), the
// body kept as raw bytes for signature checks, at most WEBHOOK_BODY_LIMIT. And the setup help:
// GET /integrations/:uniqueKey/webhook (URL and secret) and POST …/webhook/rotate-secret.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { TerapiError } from '../../errors/terapi-error.js';
import { authedEnvironment } from '../../http/request-auth.js';
import { declareRoute, PUBLIC, SECRET } from '../../http/route-contract.js';
import type { IntegrationStore } from '../../integrations/integration-store.js';
import type { ProviderCatalog } from '../../providers/provider-catalog.js';
import { hooksOf, type ProviderHooksRegistry } from '../../providers/provider-hooks.js';
import type { TerapiConfig } from '../../config/config.js';
import { UNIQUE_KEY } from '../../integrations/routes/integration-routes.js';
import type { IncomingWebhookIntake } from '../incoming-webhook-intake.js';
import type { WebhookSecretStore } from '../webhook-secret-store.js';
import { incomingWebhookUrl } from '../incoming-webhook-url.js';

/** Salesforce sends up to 100 notifications per Outbound Message (spec/salesforce.md §5.1), each with the fields chosen in Setup. */
export const WEBHOOK_BODY_LIMIT = 4 * 1024 * 1024;

export interface IncomingWebhookRouteDeps {
  config: Pick<TerapiConfig, 'serverUrl'>;
  catalog: ProviderCatalog;
  hooks: ProviderHooksRegistry;
  integrations: Pick<IntegrationStore, 'get'>;
  webhookSecrets: Pick<WebhookSecretStore, 'getOrCreate' | 'rotate'>;
  incomingWebhooks: Pick<IncomingWebhookIntake, 'receive'>;
}

const keyParams = z.object({ uniqueKey: UNIQUE_KEY });
const noQuery = z.object({}).strict();
const webhookParams = z.object({ environmentUuid: z.string(), providerConfigKey: z.string() });
const setupInput = { params: keyParams, query: noQuery };

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

export async function registerIncomingWebhookRoutes(app: FastifyInstance, s: IncomingWebhookRouteDeps): Promise<void> {
  // Its own content-type parsers: every body arrives as the bytes sent (a signature covers those bytes).
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    declareRoute(
      scope,
      { method: 'POST', url: '/webhook/:environmentUuid/:providerConfigKey', auth: PUBLIC, summary: "A provider's webhook (Salesforce Outbound Message or signed JSON callout)", tag: 'Webhooks', produces: 'any', bodyLimit: WEBHOOK_BODY_LIMIT, params: webhookParams, body: 'raw' },
      async (req, reply, { params }) => {
        const answer = await s.incomingWebhooks.receive({
          environmentUuid: params.environmentUuid,
          providerConfigKey: params.providerConfigKey,
          rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
          contentType: mediaType(req.headers['content-type']),
          headers: req.headers,
          query: (req.query ?? {}) as Record<string, unknown>,
        });
        req.log.info({ integration: params.providerConfigKey, stored: answer.stored, duplicates: answer.duplicates, connections: answer.connections }, 'incoming webhook stored');
        return reply.status(200).header('content-type', answer.contentType).send(answer.body);
      },
    );
  });

  const setupOf = async (req: import('fastify').FastifyRequest, uniqueKey: string, rotate: boolean) => {
    const env = authedEnvironment(req);
    const integration = await s.integrations.get(env.id, uniqueKey);
    if (!integration) throw new TerapiError('not_found.integration');
    const provider = s.catalog.get(integration.provider);
    const hooks = provider ? hooksOf(s.hooks, provider) : {};
    if (!hooks.receiveWebhook) throw new TerapiError('unknown_provider_config.no_webhooks', { key: uniqueKey });
    const secret = rotate ? await s.webhookSecrets.rotate(integration.id) : await s.webhookSecrets.getOrCreate(integration.id);
    const url = incomingWebhookUrl(s.config.serverUrl, env.uuid, uniqueKey);
    return { data: { url, secret, ...hooks.webhookSetup?.({ url, secret }) } };
  };

  declareRoute(app, { method: 'GET', url: '/integrations/:uniqueKey/webhook', auth: SECRET, summary: "The integration's incoming-webhook URL and secret (created at the first call)", tag: 'Webhooks', ...setupInput }, (req, _reply, { params }) => setupOf(req, params.uniqueKey, false));
  declareRoute(app, { method: 'POST', url: '/integrations/:uniqueKey/webhook/rotate-secret', auth: SECRET, summary: "Replaces the integration's webhook secret; the old one stops working", tag: 'Webhooks', ...setupInput, body: z.object({}).strict().optional() }, (req, _reply, { params }) => setupOf(req, params.uniqueKey, true));
}
