// What a function file imports from `terapi` (spec/operations.md "Functions"): the Nango script shapes.
export { createSync } from './create-sync.js';
export { createAction } from './create-action.js';
export { createOnEvent } from './create-on-event.js';
export { ActionError } from './action-error.js';
export { UpstreamHttpError, type UpstreamResponse } from './upstream-http-error.js';
export type { SyncConfig, ActionConfig, OnEventConfig, SyncDefinition, ActionDefinition, OnEventDefinition, FunctionEndpoint, FunctionEvent, ZodModels } from './function-config.js';
export type { ActionHelper, SyncHelper, ProxyConfiguration, Pagination, CursorPagination, LinkPagination, OffsetPagination, PagePagination } from './helper-types.js';
