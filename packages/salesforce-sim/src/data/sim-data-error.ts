/**
 * A record-level failure in Salesforce's error vocabulary (spec/salesforce.md §3.6, §3.11):
 * REST routes turn it into `[{message, errorCode, fields?}]` with `status`.
 */
export class SimDataError extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
    readonly fields: string[] = [],
    readonly status = 400,
  ) {
    super(message);
    this.name = 'SimDataError';
  }
}
