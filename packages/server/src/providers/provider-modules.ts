// The provider modules terapi ships, by the name a catalog entry uses in `hooks:`.
import type { ProviderHooks, ProviderHooksRegistry } from './provider-hooks.js';
import { salesforceHooks } from './salesforce/salesforce-hooks.js';

export function providerModules(): ProviderHooksRegistry {
  return new Map<string, ProviderHooks>([['salesforce', salesforceHooks]]);
}
