// The Salesforce module's `receiveWebhook` hook: SOAP Outbound Messages (text/xml, authenticated by the URL
// token) and signed JSON callouts (application/json), for every catalog entry whose `hooks:` is salesforce.
import { TerapiError } from '../../../errors/terapi-error.js';
import type { IncomingWebhook, IncomingWebhookRequest } from '../../provider-hooks.js';
import { jsonCalloutWebhook } from './json-callout.js';
import { outboundMessageWebhook } from './outbound-message.js';
import { checkSignature, checkUrlToken, outboundMessageUrlToken, SIGNATURE_HEADER, URL_SECRET_PARAM } from './webhook-auth.js';

// spec/salesforce.md §5.1: Outbound Messages are SOAP 1.1, text/xml; application/soap+xml is SOAP 1.2's.
const XML_TYPES = ['text/xml', 'application/soap+xml', 'application/xml'];

export function receiveSalesforceWebhook(req: IncomingWebhookRequest): IncomingWebhook {
  if (XML_TYPES.includes(req.contentType)) {
    checkUrlToken(req.query, req.secret);
    return outboundMessageWebhook(req.rawBody);
  }
  if (req.contentType === 'application/json') {
    checkSignature(req.headers, req.rawBody, req.secret);
    return jsonCalloutWebhook(req.rawBody);
  }
  throw new TerapiError('invalid_content_type.unsupported', { content_type: req.contentType || '(none)' });
}

/** What GET /integrations/:key/webhook adds for Salesforce: the URL to paste as an Outbound Message's endpoint. */
export function salesforceWebhookSetup(setup: { url: string; secret: string }): Record<string, string> {
  return { outbound_message_url: `${setup.url}?${URL_SECRET_PARAM}=${outboundMessageUrlToken(setup.secret)}`, signature_header: SIGNATURE_HEADER };
}
