// The one registry of error codes: terapi's own (error-codes.ts) and each shipped provider module's
// (providers/provider-error-codes.ts), fixed when this module loads. Types come from the same definitions, so
// a misspelt code, situation or parameter does not compile.
import { ERROR_CODES } from './error-codes.js';
import { PROVIDER_ERROR_CODES } from '../providers/provider-error-codes.js';
import type { ErrorDefinition, ErrorDefinitions, StatusException, TemplateParams } from './error-definition.js';

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
/** Every provider module's codes, as types. */
type ProviderErrorCodes = UnionToIntersection<(typeof PROVIDER_ERROR_CODES)[keyof typeof PROVIDER_ERROR_CODES]>;

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

/** Every code with its owner; a code two owners define is a mistake caught when terapi loads. */
const registry: Readonly<Record<string, Registered>> = Object.freeze(
  Object.entries({ terapi: ERROR_CODES as ErrorDefinitions, ...PROVIDER_ERROR_CODES }).reduce<Record<string, Registered>>((all, [owner, definitions]) => {
    for (const [code, definition] of Object.entries(definitions)) {
      if (all[code]) throw new Error(`Error code ${code} of ${owner} is defined already by ${all[code].owner}; pick another code.`);
      all[code] = { owner, definition };
    }
    return all;
  }, {}),
);

export function isRegisteredErrorCode(code: string): boolean {
  return Object.hasOwn(registry, code);
}

/** Every registered code with its owner ('terapi' or the provider module), terapi's first. */
export function registeredErrorCodes(): ReadonlyArray<{ code: string; owner: string; definition: ErrorDefinition }> {
  return Object.entries(registry).map(([code, r]) => ({ code, ...r }));
}

/** The definition of a registered code. */
export function errorDefinitionOf(code: string): ErrorDefinition {
  const found = Object.hasOwn(registry, code) ? registry[code] : undefined;
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
