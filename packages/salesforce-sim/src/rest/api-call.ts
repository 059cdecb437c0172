import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SalesforceSim, SimOrg, SimUser } from '../salesforce-sim.js';
import { parseApiVersion } from './api-versions.js';
import { JSON_CONTENT_TYPE, notFound, restError, type RestResponse } from './rest-response.js';

export interface ApiCall {
  org: SimOrg;
  user: SimUser;
  version: string;
}

/**
 * The gate every REST and Bulk call passes: the session must belong to this host's org (spec/salesforce.md §3.11),
 * the org's daily allocation must not be used up (§6, 403 REQUEST_LIMIT_EXCEEDED), and the version must be served
 * (§3.1). Counted calls get `Sforce-Limit-Info` (§3.12), errors included.
 */
export function beginApiCall(sim: SalesforceSim, request: FastifyRequest, versionSegment: string): ApiCall | RestResponse {
  const auth = sim.authenticateRest(request.headers, request.headers.host ?? '');
  if ('status' in auth) return auth;
  const usage = auth.org.data.limits;
  if (!usage.tryCount(sim.now())) {
    return { ...restError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'), headers: { 'sforce-limit-info': usage.header() } };
  }
  const version = parseApiVersion(versionSegment);
  if (!version) return { ...notFound(), headers: { 'sforce-limit-info': usage.header() } };
  return { org: auth.org, user: auth.user, version };
}

export function isApiCall(x: ApiCall | RestResponse): x is ApiCall {
  return 'org' in x;
}

export function sendRest(reply: FastifyReply, response: RestResponse, org?: SimOrg): FastifyReply {
  reply.code(response.status);
  for (const [k, v] of Object.entries(response.headers ?? {})) reply.header(k, v);
  if (org) reply.header('sforce-limit-info', org.data.limits.header());
  // RFC 9110 §6.6.1: the origin's own clock, so a client can read server time (e.g. for getDeleted windows, §3.7).
  if (org) reply.header('date', new Date(org.data.now()).toUTCString());
  if (response.status === 204 || response.body === undefined) return reply.send();
  if (typeof response.body === 'string' && response.headers?.['content-type']) return reply.send(response.body);
  const json = JSON.stringify(response.body);
  return reply.type(JSON_CONTENT_TYPE).send(response.chunked ? Readable.from([json]) : json);
}
