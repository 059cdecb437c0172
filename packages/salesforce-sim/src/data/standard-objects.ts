import type { FieldDef, SObjectDef } from './sobject-schema.js';

// spec/salesforce.md §0 (key prefixes) and §3.4 (field shapes): the objects the simulator serves, with at least the
// fields Nango's pre-built Salesforce syncs select (NangoHQ/integration-templates integrations/salesforce/syncs).
const systemFields = (owned: boolean): FieldDef[] => [
  { name: 'Id', label: 'Record ID', type: 'id', length: 18, readOnly: true },
  { name: 'IsDeleted', label: 'Deleted', type: 'boolean', readOnly: true },
  ...(owned
    ? [{ name: 'OwnerId', label: 'Owner ID', type: 'reference', length: 18, referenceTo: ['User'], relationshipName: 'Owner' } satisfies FieldDef]
    : []),
  { name: 'CreatedDate', label: 'Created Date', type: 'datetime', readOnly: true },
  { name: 'CreatedById', label: 'Created By ID', type: 'reference', length: 18, readOnly: true, referenceTo: ['User'], relationshipName: 'CreatedBy' },
  { name: 'LastModifiedDate', label: 'Last Modified Date', type: 'datetime', readOnly: true },
  { name: 'LastModifiedById', label: 'Last Modified By ID', type: 'reference', length: 18, readOnly: true, referenceTo: ['User'], relationshipName: 'LastModifiedBy' },
  { name: 'SystemModstamp', label: 'System Modstamp', type: 'datetime', readOnly: true },
];

const LEAD_SOURCES = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'];
const SALUTATIONS = ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.'];
const INDUSTRIES = ['Agriculture', 'Banking', 'Technology', 'Education', 'Energy', 'Healthcare', 'Manufacturing', 'Retail'];

export const STANDARD_OBJECTS: SObjectDef[] = [
  {
    name: 'Account', label: 'Account', labelPlural: 'Accounts', keyPrefix: '001', custom: false, owned: true,
    fields: [
      ...systemFields(true),
      { name: 'Name', label: 'Account Name', type: 'string', length: 255, required: true, nameField: true },
      { name: 'Type', label: 'Account Type', type: 'picklist', length: 255, picklist: ['Prospect', 'Customer - Direct', 'Customer - Channel', 'Partner', 'Other'] },
      { name: 'Industry', label: 'Industry', type: 'picklist', length: 255, picklist: INDUSTRIES },
      { name: 'Phone', label: 'Account Phone', type: 'phone', length: 40 },
      { name: 'Website', label: 'Website', type: 'url', length: 255 },
      { name: 'BillingCity', label: 'Billing City', type: 'string', length: 40 },
      { name: 'BillingCountry', label: 'Billing Country', type: 'string', length: 80 },
      { name: 'AnnualRevenue', label: 'Annual Revenue', type: 'currency' },
      { name: 'NumberOfEmployees', label: 'Employees', type: 'int' },
      { name: 'Description', label: 'Account Description', type: 'textarea', length: 32000 },
      { name: 'Ext_Id__c', label: 'Ext Id', type: 'string', length: 64, externalId: true, custom: true },
    ],
  },
  {
    name: 'Contact', label: 'Contact', labelPlural: 'Contacts', keyPrefix: '003', custom: false, owned: true,
    fields: [
      ...systemFields(true),
      { name: 'AccountId', label: 'Account ID', type: 'reference', length: 18, referenceTo: ['Account'], relationshipName: 'Account' },
      { name: 'Salutation', label: 'Salutation', type: 'picklist', length: 40, picklist: SALUTATIONS },
      { name: 'FirstName', label: 'First Name', type: 'string', length: 40 },
      { name: 'MiddleName', label: 'Middle Name', type: 'string', length: 40 },
      { name: 'LastName', label: 'Last Name', type: 'string', length: 80, required: true },
      { name: 'Name', label: 'Full Name', type: 'string', length: 121, readOnly: true, nameField: true },
      { name: 'Email', label: 'Email', type: 'email', length: 80 },
      { name: 'Phone', label: 'Business Phone', type: 'phone', length: 40 },
      { name: 'MobilePhone', label: 'Mobile Phone', type: 'phone', length: 40 },
      { name: 'Title', label: 'Title', type: 'string', length: 128 },
      { name: 'LeadSource', label: 'Lead Source', type: 'picklist', length: 255, picklist: LEAD_SOURCES },
      { name: 'Birthdate', label: 'Birthdate', type: 'date' },
      { name: 'MailingCity', label: 'Mailing City', type: 'string', length: 40 },
    ],
  },
  {
    name: 'Lead', label: 'Lead', labelPlural: 'Leads', keyPrefix: '00Q', custom: false, owned: true,
    fields: [
      ...systemFields(true),
      { name: 'Salutation', label: 'Salutation', type: 'picklist', length: 40, picklist: SALUTATIONS },
      { name: 'FirstName', label: 'First Name', type: 'string', length: 40 },
      { name: 'MiddleName', label: 'Middle Name', type: 'string', length: 40 },
      { name: 'LastName', label: 'Last Name', type: 'string', length: 80, required: true },
      { name: 'Name', label: 'Full Name', type: 'string', length: 121, readOnly: true, nameField: true },
      { name: 'Title', label: 'Title', type: 'string', length: 128 },
      { name: 'Company', label: 'Company', type: 'string', length: 255, required: true },
      { name: 'Email', label: 'Email', type: 'email', length: 80 },
      { name: 'Phone', label: 'Phone', type: 'phone', length: 40 },
      { name: 'Website', label: 'Website', type: 'url', length: 255 },
      { name: 'Status', label: 'Status', type: 'picklist', length: 255, defaultValue: 'Open - Not Contacted',
        picklist: ['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted'] },
      { name: 'LeadSource', label: 'Lead Source', type: 'picklist', length: 255, picklist: LEAD_SOURCES },
      { name: 'Industry', label: 'Industry', type: 'picklist', length: 255, picklist: INDUSTRIES },
      { name: 'IsConverted', label: 'Converted', type: 'boolean', defaultValue: false },
    ],
  },
  {
    name: 'Opportunity', label: 'Opportunity', labelPlural: 'Opportunities', keyPrefix: '006', custom: false, owned: true,
    fields: [
      ...systemFields(true),
      { name: 'AccountId', label: 'Account ID', type: 'reference', length: 18, referenceTo: ['Account'], relationshipName: 'Account' },
      { name: 'Name', label: 'Name', type: 'string', length: 120, required: true, nameField: true },
      { name: 'StageName', label: 'Stage', type: 'picklist', length: 255, required: true,
        picklist: ['Prospecting', 'Qualification', 'Needs Analysis', 'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won', 'Closed Lost'] },
      { name: 'CloseDate', label: 'Close Date', type: 'date', required: true },
      { name: 'Amount', label: 'Amount', type: 'currency' },
      { name: 'Probability', label: 'Probability (%)', type: 'percent' },
      { name: 'Type', label: 'Opportunity Type', type: 'picklist', length: 255, picklist: ['Existing Customer - Upgrade', 'Existing Customer - Replacement', 'New Customer'] },
      { name: 'Description', label: 'Description', type: 'textarea', length: 32000 },
      { name: 'IsClosed', label: 'Closed', type: 'boolean', readOnly: true },
      { name: 'IsWon', label: 'Won', type: 'boolean', readOnly: true },
    ],
  },
  {
    name: 'Case', label: 'Case', labelPlural: 'Cases', keyPrefix: '500', custom: false, owned: true,
    fields: [
      ...systemFields(true),
      { name: 'CaseNumber', label: 'Case Number', type: 'string', length: 30, readOnly: true, nameField: true },
      { name: 'AccountId', label: 'Account ID', type: 'reference', length: 18, referenceTo: ['Account'], relationshipName: 'Account' },
      { name: 'ContactId', label: 'Contact ID', type: 'reference', length: 18, referenceTo: ['Contact'], relationshipName: 'Contact' },
      { name: 'Subject', label: 'Subject', type: 'string', length: 255 },
      { name: 'Description', label: 'Description', type: 'textarea', length: 32000 },
      { name: 'Status', label: 'Status', type: 'picklist', length: 255, defaultValue: 'New', picklist: ['New', 'Working', 'Waiting on Customer', 'Escalated', 'Closed'] },
      { name: 'Priority', label: 'Priority', type: 'picklist', length: 255, defaultValue: 'Medium', picklist: ['High', 'Medium', 'Low'] },
      { name: 'Origin', label: 'Case Origin', type: 'picklist', length: 255, picklist: ['Phone', 'Email', 'Web'] },
      { name: 'Type', label: 'Case Type', type: 'picklist', length: 255, picklist: ['Mechanical', 'Electrical', 'Electronic', 'Structural', 'Other'] },
      { name: 'IsClosed', label: 'Closed', type: 'boolean', readOnly: true },
      { name: 'ClosedDate', label: 'Closed Date', type: 'datetime', readOnly: true },
      { name: 'IsEscalated', label: 'Escalated', type: 'boolean', defaultValue: false },
    ],
  },
  {
    // Queried as the `CaseComments` subquery of Case (NangoHQ/integration-templates salesforce tickets fixture).
    name: 'CaseComment', label: 'Case Comment', labelPlural: 'Case Comments', keyPrefix: '00a', custom: false, owned: false,
    fields: [
      ...systemFields(false),
      { name: 'ParentId', label: 'Parent Case ID', type: 'reference', length: 18, required: true, referenceTo: ['Case'], relationshipName: 'Parent', childRelationshipName: 'CaseComments' },
      { name: 'CommentBody', label: 'Body', type: 'textarea', length: 4000 },
      { name: 'IsPublished', label: 'Published', type: 'boolean', defaultValue: false },
    ],
  },
  {
    name: 'User', label: 'User', labelPlural: 'Users', keyPrefix: '005', custom: false, owned: false,
    fields: [
      ...systemFields(false),
      { name: 'Username', label: 'Username', type: 'string', length: 80, required: true, unique: true, readOnly: true },
      { name: 'FirstName', label: 'First Name', type: 'string', length: 40, readOnly: true },
      { name: 'LastName', label: 'Last Name', type: 'string', length: 80, readOnly: true },
      { name: 'Name', label: 'Full Name', type: 'string', length: 121, readOnly: true, nameField: true },
      { name: 'Email', label: 'Email', type: 'email', length: 128, readOnly: true },
      { name: 'Alias', label: 'Alias', type: 'string', length: 8, readOnly: true },
      { name: 'IsActive', label: 'Active', type: 'boolean', readOnly: true },
      { name: 'ProfileId', label: 'Profile ID', type: 'reference', length: 18, readOnly: true, referenceTo: ['Profile'], relationshipName: 'Profile' },
    ],
  },
  {
    // spec/salesforce.md §3.4: the recorded describe is Task's; Who and What are polymorphic lookups.
    name: 'Task', label: 'Task', labelPlural: 'Tasks', keyPrefix: '00T', custom: false, owned: true,
    fields: [
      ...systemFields(true),
      { name: 'WhoId', label: 'Name ID', type: 'reference', length: 18, referenceTo: ['Contact', 'Lead'], relationshipName: 'Who' },
      { name: 'WhatId', label: 'Related To ID', type: 'reference', length: 18, referenceTo: ['Account', 'Opportunity', 'Case'], relationshipName: 'What' },
      { name: 'Subject', label: 'Subject', type: 'string', length: 255 },
      { name: 'ActivityDate', label: 'Due Date Only', type: 'date' },
      { name: 'Status', label: 'Status', type: 'picklist', length: 255, defaultValue: 'Not Started', picklist: ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'] },
      { name: 'Priority', label: 'Priority', type: 'picklist', length: 255, defaultValue: 'Normal', picklist: ['High', 'Normal', 'Low'] },
      { name: 'Description', label: 'Description', type: 'textarea', length: 32000 },
    ],
  },
  {
    // Calendar events; like Task, Who and What are polymorphic lookups.
    name: 'Event', label: 'Event', labelPlural: 'Events', keyPrefix: '00U', custom: false, owned: true,
    fields: [
      ...systemFields(true),
      { name: 'WhoId', label: 'Name ID', type: 'reference', length: 18, referenceTo: ['Contact', 'Lead'], relationshipName: 'Who' },
      { name: 'WhatId', label: 'Related To ID', type: 'reference', length: 18, referenceTo: ['Account', 'Opportunity', 'Case'], relationshipName: 'What' },
      { name: 'Subject', label: 'Subject', type: 'string', length: 255 },
      { name: 'Location', label: 'Location', type: 'string', length: 255 },
      { name: 'StartDateTime', label: 'Start', type: 'datetime' },
      { name: 'EndDateTime', label: 'End', type: 'datetime' },
      { name: 'IsAllDayEvent', label: 'All-Day Event', type: 'boolean', defaultValue: false },
      { name: 'Description', label: 'Description', type: 'textarea', length: 32000 },
    ],
  },
  {
    // Opportunity products: a child of Opportunity (relationship OpportunityLineItems).
    name: 'OpportunityLineItem', label: 'Opportunity Product', labelPlural: 'Opportunity Product', keyPrefix: '00k', custom: false, owned: false,
    fields: [
      ...systemFields(false),
      { name: 'OpportunityId', label: 'Opportunity ID', type: 'reference', length: 18, required: true, referenceTo: ['Opportunity'], relationshipName: 'Opportunity' },
      { name: 'Name', label: 'Opportunity Product Name', type: 'string', length: 376, nameField: true },
      { name: 'ProductCode', label: 'Product Code', type: 'string', length: 255 },
      { name: 'Quantity', label: 'Quantity', type: 'double', required: true },
      { name: 'UnitPrice', label: 'Sales Price', type: 'currency' },
      { name: 'TotalPrice', label: 'Total Price', type: 'currency' },
      { name: 'ServiceDate', label: 'Date', type: 'date' },
    ],
  },
  {
    // Read through User.Profile.Name by Nango's users sync; every simulated user is a System Administrator.
    name: 'Profile', label: 'Profile', labelPlural: 'Profiles', keyPrefix: '00e', custom: false, owned: false,
    fields: [
      ...systemFields(false),
      { name: 'Name', label: 'Name', type: 'string', length: 255, readOnly: true, nameField: true },
      { name: 'Description', label: 'Description', type: 'string', length: 255, readOnly: true },
    ],
  },
  {
    name: 'Invoice__c', label: 'Invoice', labelPlural: 'Invoices', keyPrefix: 'a01', custom: true, owned: true,
    fields: [
      ...systemFields(true),
      { name: 'Name', label: 'Invoice Name', type: 'string', length: 80, nameField: true },
      { name: 'External_Id__c', label: 'External Id', type: 'string', length: 64, externalId: true, unique: true, custom: true },
      { name: 'Account__c', label: 'Account', type: 'reference', length: 18, referenceTo: ['Account'], relationshipName: 'Account__r', custom: true },
      { name: 'Amount__c', label: 'Amount', type: 'currency', custom: true },
      { name: 'Status__c', label: 'Status', type: 'picklist', length: 255, picklist: ['Draft', 'Sent', 'Paid', 'Void'], custom: true },
      { name: 'Due_Date__c', label: 'Due Date', type: 'date', custom: true },
      { name: 'Paid__c', label: 'Paid', type: 'boolean', defaultValue: false, custom: true },
    ],
  },
];
