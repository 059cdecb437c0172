// The provider modules terapi ships, by the name the catalog uses in `hooks:`. Their error codes are listed
// in provider-error-codes.ts.
import type { ProviderHooks, ProviderHooksRegistry } from './provider-hooks.js';
import { salesforceHooks } from './salesforce/salesforce-hooks.js';

export function providerModules(): ProviderHooksRegistry {
  return new Map<string, ProviderHooks>([['salesforce', salesforceHooks]]);
}
