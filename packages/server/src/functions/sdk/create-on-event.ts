import type { z } from 'zod';
import type { OnEventConfig, OnEventDefinition } from './function-config.js';

export function createOnEvent<Meta extends z.ZodType | undefined = undefined>(config: OnEventConfig<Meta>): OnEventDefinition<Meta> {
  return { ...config, type: 'on-event' };
}
