// The schema every catalog entry (src/providers/*/catalog.yaml) must satisfy; checked once at start-up.
import { z } from 'zod';

export const AUTH_MODES = ['OAUTH2', 'OAUTH2_CC', 'TWO_STEP', 'JWT', 'API_KEY', 'BASIC', 'NONE'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

const fieldSchema = z
  .object({
    type: z.literal('string'),
    title: z.string(),
    description: z.string().optional(),
    example: z.string().optional(),
    pattern: z.string().optional(),
    /** Values refused with a coded error that tells the user what to type instead. */
    reject: z.array(z.object({ pattern: z.string(), code: z.string() }).strict()).optional(),
    /** Values another catalog provider fits better (a sandbox host typed into production): the Connect UI offers it. */
    suggest: z.array(z.object({ pattern: z.string(), provider: z.string() }).strict()).optional(),
    prefix: z.string().optional(),
    optional: z.boolean().optional(),
    /** Required unless this other field is given (e.g. key material unless a pre-signed `jwt`). */
    required_unless: z.string().optional(),
    automated: z.boolean().optional(),
    hidden: z.boolean().optional(),
    secret: z.boolean().optional(),
    format: z.string().optional(),
    order: z.number().int().optional(),
    default_value: z.string().optional(),
  })
  .strict();
export type ProviderField = z.infer<typeof fieldSchema>;

export const providerSchema = z
  .object({
    display_name: z.string().min(1),
    categories: z.array(z.string()).optional(),
    auth_mode: z.enum(AUTH_MODES),
    /** Name of the provider module in src/providers/<hooks>/ that adds behaviour data cannot express. */
    hooks: z.string().optional(),
    authorization_url: z.string().optional(),
    token_url: z.string().optional(),
    revocation_url: z.string().optional(),
    authorization_params: z.record(z.string(), z.string()).optional(),
    token_params: z.record(z.string(), z.string()).optional(),
    token_headers: z.record(z.string(), z.string()).optional(),
    default_scopes: z.array(z.string()).optional(),
    scope_separator: z.string().optional(),
    disable_pkce: z.boolean().optional(),
    token_request_auth_method: z.enum(['body', 'basic']).optional(),
    token_response_metadata: z.array(z.string()).optional(),
    token_expires_in_ms: z.number().int().nonnegative().optional(),
    token_expiration_strategy: z.enum(['expires_in', 'introspection']).optional(),
    refresh_margin_seconds: z.number().int().nonnegative().optional(),
    jwt_bearer: z
      .object({
        issuer: z.string(),
        subject: z.string(),
        audience: z.string(),
        private_key: z.string(),
        /** An assertion the user signed beforehand (Nango's `jwt` credential), used as is when no private key is given. */
        pre_signed: z.string().optional(),
        expires_in_seconds: z.number().int().positive(),
      })
      .strict()
      .optional(),
    token_exchange: z.object({ url: z.string(), params: z.record(z.string(), z.string()) }).strict().optional(),
    proxy: z
      .object({
        base_url: z.string(),
        headers: z.record(z.string(), z.string()).optional(),
        query: z.record(z.string(), z.string()).optional(),
        /** Hosts a Base-Url-Override may point at (exact or *.suffix), besides the base URL's own host. */
        allowed_hosts: z.array(z.string()).optional(),
      })
      .strict()
      .optional(),
    docs: z.string().optional(),
    docs_connect: z.string().optional(),
    connection_config: z.record(z.string(), fieldSchema).optional(),
    credentials: z.record(z.string(), fieldSchema).optional(),
  })
  .strict();

export type ProviderDefinition = z.infer<typeof providerSchema>;
