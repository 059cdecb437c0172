import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { nameEndpoint } from '../request-log/endpoint-name.js';
import { beginApiCall, isApiCall, sendRest } from '../rest/api-call.js';
import { BodyParseError, useJsonBodies } from '../rest/json-body.js';
import { restError, type RestResponse } from '../rest/rest-response.js';
import type { SalesforceSim } from '../salesforce-sim.js';
import {
  abortQueryJob, createQueryJob, deleteQueryJob, getQueryJob, listQueryJobs, queryJobResults, type BulkContext,
} from './bulk-query-resources.js';
import { BulkQueryJobs } from './bulk-query-jobs.js';

type Params = { version: string; id?: string };

/** Bulk API 2.0 query jobs under `/services/data/vXX.X/jobs/query` (spec/salesforce.md §4). */
export function registerBulkRoutes(app: FastifyInstance, sim: SalesforceSim): void {
  const jobs = new BulkQueryJobs();
  app.addHook('onClose', async () => jobs.close());

  const route = (endpoint: string, handler: (ctx: BulkContext, request: FastifyRequest<{ Params: Params }>) => RestResponse) =>
    async (request: FastifyRequest<{ Params: Params }>, reply: FastifyReply) => {
      nameEndpoint(request, endpoint);
      const call = beginApiCall(sim, request, request.params.version);
      if (!isApiCall(call)) return sendRest(reply, call);
      if (request.body instanceof BodyParseError) return sendRest(reply, restError(400, 'JSON_PARSER_ERROR', request.body.message), call.org);
      return sendRest(reply, handler({ jobs, data: call.org.data, userId: call.user.id, version: call.version }, request), call.org);
    };
  const query = (request: FastifyRequest) => request.query as Record<string, string | undefined>;

  app.register(async (scope) => {
    useJsonBodies(scope);
    scope.post('/services/data/:version/jobs/query', route('bulk.query.create', (ctx, r) => createQueryJob(ctx, r.body)));
    scope.get('/services/data/:version/jobs/query', route('bulk.query.list', (ctx) => listQueryJobs(ctx)));
    scope.get('/services/data/:version/jobs/query/:id', route('bulk.query.get', (ctx, r) => getQueryJob(ctx, r.params.id!)));
    scope.patch('/services/data/:version/jobs/query/:id', route('bulk.query.abort', (ctx, r) => abortQueryJob(ctx, r.params.id!, r.body)));
    scope.delete('/services/data/:version/jobs/query/:id', route('bulk.query.delete', (ctx, r) => deleteQueryJob(ctx, r.params.id!)));
    scope.get('/services/data/:version/jobs/query/:id/results', route('bulk.query.results', (ctx, r) =>
      queryJobResults(ctx, r.params.id!, query(r).locator, query(r).maxRecords)));
  });
}
