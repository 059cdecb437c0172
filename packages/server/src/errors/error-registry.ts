// The one registry of error codes at run time: terapi's own (error-codes.ts) and those each provider module
// registers at start-up (providers/provider-modules.ts). Types come from the same definitions, so a
// misspelt code, situation or parameter does not compile.
import { ERROR_CODES } from './error-codes.js';
import type { ErrorDefinition, ErrorDefinitions, StatusException, TemplateParams } from './error-definition.js';

/**
 * Provider modules add their codes here by declaration merging, beside their definitions, e.g.
 * `declare module '../../errors/error-registry.js' { interface ProviderErrorCodes extends SalesforceErrorCodes {} }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ProviderErrorCodes {}

type Catalog = typeof ERROR_CODES & ProviderErrorCodes;
export type ErrorCode = keyof Catalog & string;

type SituationsOf<C extends ErrorCode> = Catalog[C] extends { situations: infer S } ? S : Record<never, never>;
/** A code, or a code and one of its situations: `not_found.integration`. */
export type ErrorKey = { [C in ErrorCode]: C | `${C}.${keyof SituationsOf<C> & string}` }[ErrorCode];

type MessageOf<V> = V extends string ? V : V extends { message: infer M extends string } ? M : never;
type TemplateOf<K extends ErrorKey> = K extends `${infer C extends ErrorCode}.${infer S}`
  ? MessageOf<SituationsOf<C>[S & keyof SituationsOf<C>]>
  : K extends ErrorCode
    ? MessageOf<Catalog[K]>
    : never;
/** The parameters the throw site of `K` must pass. */
export type ErrorParams<K extends ErrorKey> = { [P in TemplateParams<TemplateOf<K>>]: string | number };
export type NeedsParams<K extends ErrorKey> = [TemplateParams<TemplateOf<K>>] extends [never] ? false : true;

interface Registered {
  owner: string;
  definition: ErrorDefinition;
}

const registry = new Map<string, Registered>(Object.entries(ERROR_CODES as ErrorDefinitions).map(([code, definition]) => [code, { owner: 'terapi', definition }]));

/** Adds a provider module's codes; registering the same definitions again is a no-op, a clash is a start-up error. */
export function registerErrorCodes(owner: string, definitions: ErrorDefinitions): void {
  for (const [code, definition] of Object.entries(definitions)) {
    const known = registry.get(code);
    if (known && known.definition !== definition) throw new Error(`Error code ${code} of ${owner} is registered already by ${known.owner}; pick another code.`);
    registry.set(code, { owner, definition });
  }
}

export function isRegisteredErrorCode(code: string): boolean {
  return registry.has(code);
}

/** Every registered code with its owner ('terapi' or the provider module), terapi's first. */
export function registeredErrorCodes(): ReadonlyArray<{ code: string; owner: string; definition: ErrorDefinition }> {
  return [...registry].map(([code, r]) => ({ code, ...r }));
}

/** The definition of a registered code. */
export function errorDefinitionOf(code: string): ErrorDefinition {
  const found = registry.get(code);
  if (!found) throw new Error(`Error code ${code} is not registered: add it to errors/error-codes.ts or register its provider module's codes at start-up.`);
  return found.definition;
}

/** The status and template of a key; an unregistered code is a programming error, not a client's. */
export function resolveErrorKey(key: string): { code: ErrorCode; status: number; template: string } {
  const dot = key.indexOf('.');
  const code = dot < 0 ? key : key.slice(0, dot);
  const definition = errorDefinitionOf(code);
  if (dot < 0) return { code: code as ErrorCode, status: definition.status, template: definition.message };
  const situation = definition.situations?.[key.slice(dot + 1)];
  if (situation === undefined) throw new Error(`Error code ${code} has no situation ${key.slice(dot + 1)}.`);
  if (typeof situation === 'string') return { code: code as ErrorCode, status: definition.status, template: situation };
  return { code: code as ErrorCode, status: (situation as StatusException).status, template: situation.message };
}
