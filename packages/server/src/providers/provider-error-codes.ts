// The error codes of the provider modules terapi ships, by owner (STYLE.md habit 6: a provider's codes live
// in its own folder). errors/error-registry.ts reads this list once, at load; it only imports definitions.
import type { ErrorDefinitions } from '../errors/error-definition.js';
import { SALESFORCE_ERROR_CODES } from './salesforce/salesforce-error-codes.js';

export const PROVIDER_ERROR_CODES = {
  salesforce: SALESFORCE_ERROR_CODES,
} as const satisfies Readonly<Record<string, ErrorDefinitions>>;
