// GET /environment and PUT /environment/webhook (spec/operations.md "HTTP").
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { authedEnvironment } from '../../http/request-auth.js';
import { declareRoute, SECRET } from '../../http/route-contract.js';
import type { EnvironmentStore } from '../environment-store.js';

export interface EnvironmentRouteDeps {
  environments: EnvironmentStore;
}

// Any http(s) URL the operator chooses, loopback included (the operator owns both ends).
const webhookUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'must be an http or https URL')
  .nullable();

const webhookBody = z
  .object({
    primary_url: webhookUrl.optional(),
    secondary_url: webhookUrl.optional(),
    on_auth_creation: z.boolean().optional(),
    on_auth_refresh_error: z.boolean().optional(),
    on_sync_completion_always: z.boolean().optional(),
    on_sync_error: z.boolean().optional(),
    on_async_action_completion: z.boolean().optional(),
  })
  .strict();

const noQuery = z.object({}).strict();

export function registerEnvironmentRoutes(app: FastifyInstance, s: EnvironmentRouteDeps): void {
  declareRoute(app, { method: 'GET', url: '/environment', auth: SECRET, summary: "The calling key's environment and its webhook signing key", tag: 'Environment', query: noQuery }, async (req) => {
    const env = authedEnvironment(req);
    return { name: env.name, uuid: env.uuid, webhook_signing_key: await s.environments.webhookSigningKey(env.id), webhook: env.webhookSettings };
  });

  declareRoute(app, { method: 'PUT', url: '/environment/webhook', auth: SECRET, summary: "Set the environment's webhook URLs and switches", tag: 'Environment', query: noQuery, body: webhookBody }, async (req, _reply, { body: b }) => {
    const env = authedEnvironment(req);
    const patch = Object.fromEntries(Object.entries(b).filter(([, v]) => v !== undefined));
    return s.environments.updateWebhookSettings(env.id, patch);
  });
}
