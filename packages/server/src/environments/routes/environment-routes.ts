// GET /environment and PUT /environment/webhook (spec/operations.md "HTTP"), and the secret key's rotation
// (issue 12 point 7): rotate makes a new key current and the old one keeps working for a grace (24 h by
// default, `grace_hours`) or until revoke-previous, so no app is cut off without warning.
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

export const DEFAULT_SECRET_KEY_GRACE_HOURS = 24;
const rotateBody = z
  .object({
    grace_hours: z
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .optional()
      .describe(`How long the replaced key keeps working, in hours (default ${DEFAULT_SECRET_KEY_GRACE_HOURS}, at most 720).`),
  })
  .strict()
  .optional();

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

  declareRoute(app, { method: 'POST', url: '/environment/secret-key/rotate', auth: SECRET, summary: 'Make a new secret key current; the replaced key keeps working for grace_hours (default 24) or until revoke-previous', tag: 'Environment', query: noQuery, body: rotateBody }, async (req, reply, { body }) => {
    const env = authedEnvironment(req);
    reply.header('cache-control', 'no-store');
    return s.environments.rotateSecretKey(env.id, (body?.grace_hours ?? DEFAULT_SECRET_KEY_GRACE_HOURS) * 3_600_000);
  });

  declareRoute(app, { method: 'POST', url: '/environment/secret-key/revoke-previous', auth: SECRET, summary: 'Stop the key a rotation replaced from working now (ends its grace)', tag: 'Environment', query: noQuery, body: z.object({}).strict().optional() }, async (req, reply) => {
    const env = authedEnvironment(req);
    reply.header('cache-control', 'no-store');
    return s.environments.revokePreviousSecretKey(env.id);
  });
}
