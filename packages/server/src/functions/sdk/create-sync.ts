import type { z } from 'zod';
import type { SyncConfig, SyncDefinition, ZodModels } from './function-config.js';

export function createSync<M extends ZodModels, Meta extends z.ZodType | undefined = undefined, Ck extends z.ZodType | undefined = undefined>(
  config: SyncConfig<M, Meta, Ck>,
): SyncDefinition<M, Meta, Ck> {
  return { ...config, type: 'sync' };
}
