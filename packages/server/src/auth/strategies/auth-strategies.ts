// The auth-mode strategies terapi knows, by mode.
import type { AuthStrategies, AuthStrategy } from '../auth-strategy.js';
import { oauth2Strategy } from './oauth2-strategy.js';
import { oauth2ClientCredentialsStrategy } from './oauth2-cc-strategy.js';
import { jwtStrategy, twoStepStrategy } from './two-step-strategy.js';

export function authStrategies(): AuthStrategies {
  const list: AuthStrategy[] = [oauth2Strategy, oauth2ClientCredentialsStrategy, twoStepStrategy, jwtStrategy];
  return new Map(list.map((s) => [s.mode, s]));
}
