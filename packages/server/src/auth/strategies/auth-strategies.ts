// The auth-mode strategies terapi knows, by mode.
import type { AuthStrategies, AuthStrategy } from '../auth-strategy.js';
import { oauth2Strategy } from './oauth2-strategy.js';

export function authStrategies(): AuthStrategies {
  const list: AuthStrategy[] = [oauth2Strategy];
  return new Map(list.map((s) => [s.mode, s]));
}
