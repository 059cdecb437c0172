import type { RestContext } from './rest-context.js';
import type { RestResponse } from './rest-response.js';

/** `GET /limits` (spec/salesforce.md §3.10): DailyApiRequests mirrors the org's real counter. */
export function limitsResource(ctx: RestContext): RestResponse {
  const { dailyApiMax, dailyApiUsed } = ctx.data.limits;
  const same = (n: number) => ({ Max: n, Remaining: n });
  return {
    status: 200,
    body: {
      ConcurrentAsyncGetReportInstances: same(200),
      ConcurrentSyncReportRuns: same(20),
      DailyApiRequests: { Max: dailyApiMax, Remaining: Math.max(0, dailyApiMax - dailyApiUsed), 'Dataloader Bulk': same(0) },
      DailyAsyncApexExecutions: same(250000),
      DailyBulkApiRequests: same(5000),
      DailyBulkV2QueryJobs: same(10000),
      DailyBulkV2QueryFileStorageMB: same(976562),
      DataStorageMB: same(5),
      FileStorageMB: same(20),
      HourlyODataCallout: same(10000),
      SingleEmail: same(15),
    },
  };
}
