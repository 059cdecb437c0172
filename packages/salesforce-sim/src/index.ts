export { startSalesforceSim, type RunningSalesforceSim, type StartSalesforceSimOptions } from './start-salesforce-sim.js';
export {
  SalesforceSim,
  DEFAULT_CALLBACK_URL,
  type AppApproval,
  type AppSettings,
  type ApprovalMode,
  type CreateAppInput,
  type CreateOrgInput,
  type CreateUserInput,
  type ResolvedHost,
  type SalesforceSimOptions,
  type SimApp,
  type SimOrg,
  type SimUser,
} from './salesforce-sim.js';
export { SimControlClient, SimControlError } from './control/sim-control-client.js';
export { simSummary, upstreamMapFor, type OrgView, type SimSummary } from './control/sim-summary.js';
export type { FaultEffect, FaultMatch, FaultRule, FaultRuleInput } from './faults/fault-rules.js';
export type { RequestLogEntry, RequestLogSnapshot } from './request-log/request-log.js';
export { nameEndpoint } from './request-log/endpoint-name.js';
export type { TokenSelector } from './oauth/token-store.js';
export type { DeliveryAttempt, OutboundDelivery, OutboundMessageInput } from './outbound-messages/outbound-messages.js';
export { outboundEnvelope, ackFailure, OUTBOUND_NAMESPACE } from './outbound-messages/outbound-envelope.js';
export { idChecksum, isValidId18, makeSalesforceId } from './ids/salesforce-id.js';
export { runSalesforceSimCli } from './cli/run-salesforce-sim-cli.js';
export { requestAsHost, type HostRequestOptions, type HostResponse } from './hosts/request-as-host.js';
export { authorizeForCode, pkcePair } from './oauth/oauth-test-flow.js';
export { OrgData } from './data/org-data.js';
export { SimDataError } from './data/sim-data-error.js';
export type { SimRecord } from './data/org-data.js';
