// The shapes of createSync / createAction / createOnEvent, as in Nango's zod-based scripts, so a Nango script
// ports by changing its import (spec/operations.md "Functions").
import type { z } from 'zod';
import type { ActionHelper, SyncHelper } from './helper-types.js';

export type ZodModels = Record<string, z.ZodType<Record<string, unknown>>>;

export interface FunctionEndpoint {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  group?: string;
}

export interface SyncConfig<M extends ZodModels, Meta extends z.ZodType | undefined = undefined, Ck extends z.ZodType | undefined = undefined> {
  description: string;
  version?: string;
  endpoints?: FunctionEndpoint[];
  /** e.g. `every 1h`, `30 minutes`, `every day`. */
  frequency: string;
  autoStart?: boolean;
  syncType: 'incremental' | 'full';
  /** full syncs: records not seen in a complete run are marked deleted. */
  trackDeletes?: boolean;
  models: M;
  metadata?: Meta;
  checkpoint?: Ck;
  scopes?: string[];
  exec: (nango: SyncHelper<M, InferOr<Meta>, InferOr<Ck>>) => Promise<void>;
  /**
   * Incoming-webhook event types this sync applies at once (Nango's field): for Salesforce, sObject types
   * such as `Account`; `*` for every event. Each new event of these types runs `onWebhook`.
   */
  webhookSubscriptions?: string[];
  /** Applies an incoming webhook (the `payload` of the app's forward webhook) to the records. */
  onWebhook?: (nango: SyncHelper<M, InferOr<Meta>, InferOr<Ck>>, payload: any) => Promise<void>;
}

export interface ActionConfig<I extends z.ZodType, O extends z.ZodType, Meta extends z.ZodType | undefined = undefined> {
  description: string;
  version?: string;
  endpoint?: FunctionEndpoint;
  input: I;
  output: O;
  metadata?: Meta;
  scopes?: string[];
  exec: (nango: ActionHelper<InferOr<Meta>>, input: z.infer<I>) => Promise<z.input<O>>;
}

export type FunctionEvent = 'post-connection-creation' | 'pre-connection-deletion';

export interface OnEventConfig<Meta extends z.ZodType | undefined = undefined> {
  description?: string;
  version?: string;
  event: FunctionEvent;
  metadata?: Meta;
  exec: (nango: ActionHelper<InferOr<Meta>>) => Promise<void>;
}

type InferOr<S> = S extends z.ZodType ? z.infer<S> : Record<string, unknown>;

export type SyncDefinition<M extends ZodModels = ZodModels, Meta extends z.ZodType | undefined = z.ZodType | undefined, Ck extends z.ZodType | undefined = z.ZodType | undefined> = SyncConfig<M, Meta, Ck> & {
  type: 'sync';
};
export type ActionDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType, Meta extends z.ZodType | undefined = z.ZodType | undefined> = ActionConfig<I, O, Meta> & {
  type: 'action';
};
export type OnEventDefinition<Meta extends z.ZodType | undefined = z.ZodType | undefined> = OnEventConfig<Meta> & { type: 'on-event' };
