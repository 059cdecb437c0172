// What the server keeps about a deployed function besides its code: the declarative parts of its
// createSync/createAction/createOnEvent call, with zod schemas turned into JSON schema.
export type JsonSchema = Record<string, unknown>;

export interface FunctionDefinition {
  description?: string;
  version?: string;
  /** sync: model name → JSON schema. */
  models: Record<string, JsonSchema>;
  frequency?: string;
  autoStart?: boolean;
  syncType?: 'incremental' | 'full';
  trackDeletes?: boolean;
  /** sync: incoming-webhook event types that run its onWebhook. */
  webhookSubscriptions?: string[];
  endpoints?: { method: string; path: string; group?: string }[];
  metadata?: JsonSchema;
  checkpoint?: JsonSchema;
  /** action */
  input?: JsonSchema;
  output?: JsonSchema;
  /** on-event */
  event?: 'post-connection-creation' | 'pre-connection-deletion';
}
