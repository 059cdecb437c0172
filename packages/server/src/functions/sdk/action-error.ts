/** Thrown by an action to fail with a payload the caller sees (nango-api.md §10.1 `action_script_failure`). */
export class ActionError<P = Record<string, unknown>> extends Error {
  readonly type = 'action_error';
  readonly payload: P;

  constructor(payload?: P) {
    super(typeof (payload as { message?: unknown } | undefined)?.message === 'string' ? (payload as { message: string }).message : 'Action failed');
    this.name = 'ActionError';
    this.payload = (payload ?? {}) as P;
  }
}
