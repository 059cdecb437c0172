// The provider modules terapi ships, by the name providers.yaml uses in `hooks:`. Building them registers
// each module's error codes into the one registry (errors/error-registry.ts), so start-up, which calls this
// once, makes those codes known before any request.
import type { ProviderHooks, ProviderHooksRegistry } from './provider-hooks.js';
import { registerErrorCodes } from '../errors/error-registry.js';
import { salesforceHooks } from './salesforce/salesforce-hooks.js';
import { SALESFORCE_ERROR_CODES } from './salesforce/salesforce-error-codes.js';

export function providerModules(): ProviderHooksRegistry {
  registerErrorCodes('salesforce', SALESFORCE_ERROR_CODES);
  return new Map<string, ProviderHooks>([['salesforce', salesforceHooks]]);
}
