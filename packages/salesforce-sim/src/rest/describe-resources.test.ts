import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSalesforceSim, type RunningSalesforceSim } from '../start-salesforce-sim.js';
import { openRestSession, productionOrg, type RestTestSession } from './rest-test-session.js';

let running: RunningSalesforceSim;
let s: RestTestSession;

before(async () => {
  running = await startSalesforceSim();
  s = await openRestSession(running, productionOrg(running));
});
after(() => running.close());

test('describeGlobal lists every object with encoding and maxBatchSize', async () => {
  const res = await s.call('GET', '/services/data/v60.0/sobjects');
  assert.equal(res.status, 200);
  const body = res.json<{ encoding: string; maxBatchSize: number; sobjects: Record<string, unknown>[] }>();
  assert.equal(body.encoding, 'UTF-8');
  assert.equal(body.maxBatchSize, 200);
  assert.deepEqual(body.sobjects.map((o) => o.name), ['Account', 'Contact', 'Lead', 'Opportunity', 'Case', 'CaseComment', 'User', 'Task', 'Event', 'OpportunityLineItem', 'Profile', 'Invoice__c']);
  const account = body.sobjects[0]!;
  assert.equal(account.keyPrefix, '001');
  assert.deepEqual(account.urls, {
    sobject: '/services/data/v60.0/sobjects/Account',
    describe: '/services/data/v60.0/sobjects/Account/describe',
    rowTemplate: '/services/data/v60.0/sobjects/Account/{ID}',
  });
  assert.equal(body.sobjects.find((o) => o.name === 'Invoice__c')!.custom, true);
});

test('describe gives fields with types, references, picklists and external ids', async () => {
  const res = await s.call('GET', '/services/data/v60.0/sobjects/Contact/describe');
  assert.equal(res.status, 200);
  const d = res.json<{ name: string; fields: Record<string, unknown>[]; recordTypeInfos: unknown[]; sobjectDescribeOption: string }>();
  assert.equal(d.name, 'Contact');
  assert.equal(d.sobjectDescribeOption, 'FULL');
  const field = (n: string) => d.fields.find((f) => f.name === n)!;
  assert.deepEqual([field('Id').type, field('Id').soapType, field('Id').length], ['id', 'tns:ID', 18]);
  assert.deepEqual([field('AccountId').type, field('AccountId').referenceTo, field('AccountId').relationshipName], ['reference', ['Account'], 'Account']);
  assert.equal(field('LastName').nillable, false);
  assert.equal(field('SystemModstamp').type, 'datetime');
  assert.equal((field('LeadSource').picklistValues as unknown[]).length > 0, true);
  // spec/salesforce.md §3.4: the keys of a recorded describe's field entries.
  const keys = `aggregatable aiPredictionField autoNumber byteLength calculated calculatedFormula cascadeDelete caseSensitive compoundFieldName
    controllerName createable custom defaultValue defaultValueFormula defaultedOnCreate dependentPicklist deprecatedAndHidden digits
    displayLocationInDecimal encrypted externalId extraTypeInfo filterable filteredLookupInfo formulaTreatNullNumberAsZero groupable
    highScaleNumber htmlFormatted idLookup inlineHelpText label length mask maskType name nameField namePointing nillable permissionable
    picklistValues polymorphicForeignKey precision queryByDistance referenceTargetField referenceTo relationshipName relationshipOrder
    restrictedDelete restrictedPicklist scale searchPrefilterable soapType sortable type unique updateable writeRequiresMasterRead`.split(/\s+/);
  assert.deepEqual(Object.keys(field('Email')).sort(), keys.sort());
  const invoice = (await s.call('GET', '/services/data/v60.0/sobjects/Invoice__c/describe')).json<{ fields: Record<string, unknown>[] }>();
  assert.equal(invoice.fields.find((f) => f.name === 'External_Id__c')!.externalId, true);
  const account = (await s.call('GET', '/services/data/v60.0/sobjects/Account/describe')).json<{ childRelationships: Record<string, unknown>[] }>();
  assert.ok(account.childRelationships.some((c) => c.childSObject === 'Contact' && c.field === 'AccountId'));
});

test('describe of an unknown object is 404 NOT_FOUND', async () => {
  const res = await s.call('GET', '/services/data/v60.0/sobjects/Nope/describe');
  assert.equal(res.status, 404);
  assert.deepEqual(res.json(), [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
});

test('Task describe has the polymorphic WhoId of the recorded describe', async () => {
  const d = (await s.call('GET', '/services/data/v60.0/sobjects/Task/describe')).json<{ keyPrefix: string; fields: Record<string, unknown>[] }>();
  assert.equal(d.keyPrefix, '00T');
  const who = d.fields.find((f) => f.name === 'WhoId')!;
  assert.deepEqual([who.type, who.soapType, who.referenceTo, who.relationshipName, who.polymorphicForeignKey], ['reference', 'tns:ID', ['Contact', 'Lead'], 'Who', true]);
});
