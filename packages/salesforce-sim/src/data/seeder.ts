import { deriveComputedFields } from './computed-fields.js';
import type { RecordTable } from './record-table.js';

// Seeded timestamps fall in the year before this fixed instant, so one seed always yields the same data.
const SEED_ANCHOR_MS = Date.UTC(2025, 0, 1);
const YEAR_MS = 365 * 24 * 3600 * 1000;

const FIRST = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'Wei', 'Aiko', 'Omar', 'Fatima', 'Lars', 'Ingrid'];
const LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Martinez', 'Lee', 'Nguyen', 'Okafor', 'Schmidt', 'Rossi', 'Tanaka', 'Silva'];
const COMPANY_A = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Hooli', 'Vandelay', 'Soylent', 'Tyrell', 'Cyberdyne', 'Wonka'];
const COMPANY_B = ['Corporation', 'Industries', 'Labs', 'Holdings', 'Systems', 'Partners', 'Group', 'Logistics'];
const CITIES = ['San Francisco', 'New York', 'London', 'Paris', 'Berlin', 'Tokyo', 'Sydney', 'Toronto'];
const COUNTRIES = ['USA', 'USA', 'UK', 'France', 'Germany', 'Japan', 'Australia', 'Canada'];
const TITLES = ['CEO', 'CTO', 'VP Sales', 'Engineer', 'Buyer', 'Analyst', 'Director', 'Manager'];
const SUBJECTS = ['Cannot log in', 'Invoice question', 'Feature request', 'Outage report', 'Billing error', 'Shipping delay'];

/** mulberry32: tiny, fast, deterministic. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Adds `perObject` records to every data object (not User), writing columns directly: no per-row
 * validation or objects, so a million rows take seconds. Same seed and same starting state → same ids and data.
 */
export function seedTables(tables: Map<string, RecordTable>, perObject: number, seed: number, userId: string | undefined): void {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const user = userId ?? null;
  const stamp = (table: RecordTable, row: number) => {
    const created = Math.floor((SEED_ANCHOR_MS - rnd() * YEAR_MS) / 1000) * 1000;
    const modified = created + Math.floor((rnd() * (SEED_ANCHOR_MS - created)) / 1000) * 1000;
    table.set(row, 'IsDeleted', false);
    if (table.schema.owned) table.set(row, 'OwnerId', user);
    table.set(row, 'CreatedDate', created);
    table.set(row, 'CreatedById', user);
    table.set(row, 'LastModifiedDate', modified);
    table.set(row, 'LastModifiedById', user);
    table.set(row, 'SystemModstamp', modified);
  };
  const dateIn = (days: number) => new Date(SEED_ANCHOR_MS + Math.floor((rnd() - 0.5) * days) * 86400000).toISOString().slice(0, 10);
  const person = () => {
    const first = pick(FIRST);
    const last = pick(LAST);
    return { first, last, email: `${first}.${last}${Math.floor(rnd() * 100000)}@example.com`.toLowerCase() };
  };

  const accounts = tables.get('account')!;
  const accountIds: string[] = [];
  for (let i = 0; i < perObject; i++) {
    const row = accounts.appendRow();
    const name = `${pick(COMPANY_A)} ${pick(COMPANY_B)} ${i + 1}`;
    const city = Math.floor(rnd() * CITIES.length);
    accounts.set(row, 'Name', name);
    accounts.set(row, 'Type', pick(accounts.schema.fieldByLowerName.get('type')!.picklist!));
    accounts.set(row, 'Industry', pick(accounts.schema.fieldByLowerName.get('industry')!.picklist!));
    accounts.set(row, 'Phone', `+1 415 555 ${String(Math.floor(rnd() * 10000)).padStart(4, '0')}`);
    accounts.set(row, 'Website', `https://www.${name.split(' ')[0]!.toLowerCase()}${i + 1}.example.com`);
    accounts.set(row, 'BillingCity', CITIES[city]);
    accounts.set(row, 'BillingCountry', COUNTRIES[city]);
    accounts.set(row, 'AnnualRevenue', Math.floor(rnd() * 1000) * 100000);
    accounts.set(row, 'NumberOfEmployees', 1 + Math.floor(rnd() * 5000));
    stamp(accounts, row);
    accountIds.push(accounts.ids[row]!);
  }
  const someAccount = () => (accountIds.length > 0 && rnd() < 0.9 ? pick(accountIds) : null);

  const contacts = tables.get('contact')!;
  const contactIds: string[] = [];
  for (let i = 0; i < perObject; i++) {
    const row = contacts.appendRow();
    const p = person();
    contacts.set(row, 'AccountId', someAccount());
    contacts.set(row, 'FirstName', p.first);
    contacts.set(row, 'LastName', p.last);
    contacts.set(row, 'Email', p.email);
    contacts.set(row, 'Phone', `+1 212 555 ${String(Math.floor(rnd() * 10000)).padStart(4, '0')}`);
    contacts.set(row, 'Title', pick(TITLES));
    contacts.set(row, 'LeadSource', pick(contacts.schema.fieldByLowerName.get('leadsource')!.picklist!));
    contacts.set(row, 'Birthdate', dateIn(365 * 60).replace(/^20/, '19'));
    contacts.set(row, 'MailingCity', pick(CITIES));
    stamp(contacts, row);
    deriveComputedFields(contacts, row);
    contactIds.push(contacts.ids[row]!);
  }

  const leads = tables.get('lead')!;
  for (let i = 0; i < perObject; i++) {
    const row = leads.appendRow();
    const p = person();
    leads.set(row, 'FirstName', p.first);
    leads.set(row, 'LastName', p.last);
    leads.set(row, 'Company', `${pick(COMPANY_A)} ${pick(COMPANY_B)}`);
    leads.set(row, 'Email', p.email);
    leads.set(row, 'Status', pick(leads.schema.fieldByLowerName.get('status')!.picklist!));
    leads.set(row, 'LeadSource', pick(leads.schema.fieldByLowerName.get('leadsource')!.picklist!));
    leads.set(row, 'IsConverted', false);
    stamp(leads, row);
    deriveComputedFields(leads, row);
  }

  const opps = tables.get('opportunity')!;
  const stages = opps.schema.fieldByLowerName.get('stagename')!.picklist!;
  for (let i = 0; i < perObject; i++) {
    const row = opps.appendRow();
    opps.set(row, 'AccountId', someAccount());
    opps.set(row, 'Name', `${pick(COMPANY_A)} deal ${i + 1}`);
    opps.set(row, 'StageName', pick(stages));
    opps.set(row, 'CloseDate', dateIn(365));
    opps.set(row, 'Amount', Math.floor(rnd() * 2000) * 50);
    opps.set(row, 'Probability', Math.floor(rnd() * 11) * 10);
    stamp(opps, row);
    deriveComputedFields(opps, row);
  }

  const cases = tables.get('case')!;
  const caseIds: string[] = [];
  for (let i = 0; i < perObject; i++) {
    const row = cases.appendRow();
    const contact = contactIds.length > 0 ? pick(contactIds) : null;
    cases.set(row, 'ContactId', contact);
    cases.set(row, 'AccountId', contact ? contacts.value(contacts.rowById.get(contact)!, 'AccountId') : null);
    cases.set(row, 'Subject', pick(SUBJECTS));
    cases.set(row, 'Status', pick(cases.schema.fieldByLowerName.get('status')!.picklist!));
    cases.set(row, 'Priority', pick(cases.schema.fieldByLowerName.get('priority')!.picklist!));
    cases.set(row, 'Origin', pick(cases.schema.fieldByLowerName.get('origin')!.picklist!));
    cases.set(row, 'Type', rnd() < 0.5 ? pick(cases.schema.fieldByLowerName.get('type')!.picklist!) : null);
    cases.set(row, 'IsEscalated', rnd() < 0.1);
    stamp(cases, row);
    deriveComputedFields(cases, row);
    caseIds.push(cases.ids[row]!);
  }

  const comments = tables.get('casecomment')!;
  for (let i = 0; i < perObject && caseIds.length > 0; i++) {
    const row = comments.appendRow();
    comments.set(row, 'ParentId', pick(caseIds));
    comments.set(row, 'CommentBody', `${pick(SUBJECTS)}: update ${i + 1}`);
    comments.set(row, 'IsPublished', rnd() < 0.5);
    stamp(comments, row);
  }

  const invoices = tables.get('invoice__c')!;
  const start = invoices.size;
  for (let i = 0; i < perObject; i++) {
    const row = invoices.appendRow();
    invoices.set(row, 'Name', `INV-${String(start + i + 1).padStart(7, '0')}`);
    invoices.set(row, 'External_Id__c', `INV-${seed}-${start + i + 1}`);
    invoices.set(row, 'Account__c', someAccount());
    invoices.set(row, 'Amount__c', Math.floor(rnd() * 100000) / 100);
    const status = pick(invoices.schema.fieldByLowerName.get('status__c')!.picklist!);
    invoices.set(row, 'Status__c', status);
    invoices.set(row, 'Due_Date__c', dateIn(120));
    invoices.set(row, 'Paid__c', status === 'Paid');
    stamp(invoices, row);
  }
}
