import type { z } from 'zod';
import type { ActionConfig, ActionDefinition } from './function-config.js';

export function createAction<I extends z.ZodType, O extends z.ZodType, Meta extends z.ZodType | undefined = undefined>(config: ActionConfig<I, O, Meta>): ActionDefinition<I, O, Meta> {
  return { ...config, type: 'action' };
}
