import { SimDataError } from '../data/sim-data-error.js';
import { restError, type RestResponse } from './rest-response.js';

/** Runs a data operation, turning SimDataError into Salesforce's error array (spec/salesforce.md §3.11). */
export function withDataErrors(op: () => RestResponse): RestResponse {
  try {
    return op();
  } catch (e) {
    if (e instanceof SimDataError) return restError(e.status, e.errorCode, e.message, e.fields);
    throw e;
  }
}
