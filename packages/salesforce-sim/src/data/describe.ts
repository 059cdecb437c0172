import { childRelationshipsOf } from './child-relationships.js';
import type { FieldDef, SObjectSchema } from './sobject-schema.js';

const SOAP_TYPES: Record<FieldDef['type'], string> = {
  id: 'tns:ID', reference: 'tns:ID', string: 'xsd:string', textarea: 'xsd:string', email: 'xsd:string', phone: 'xsd:string',
  url: 'xsd:string', picklist: 'xsd:string', datetime: 'xsd:dateTime', date: 'xsd:date', boolean: 'xsd:boolean',
  double: 'xsd:double', currency: 'xsd:double', percent: 'xsd:double', int: 'xsd:int',
};

function urls(name: string, version: string) {
  const base = `/services/data/v${version}/sobjects/${name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

function flags(schema: SObjectSchema) {
  const writable = schema.name !== 'User' && schema.name !== 'Profile';
  return {
    activateable: false, createable: writable, custom: schema.custom, customSetting: false, deletable: writable,
    deprecatedAndHidden: false, feedEnabled: !schema.custom, keyPrefix: schema.keyPrefix, label: schema.label,
    labelPlural: schema.labelPlural, layoutable: true, mergeable: ['Account', 'Contact', 'Lead'].includes(schema.name),
    mruEnabled: true, name: schema.name, queryable: true, replicateable: true, retrieveable: true, searchable: true,
    triggerable: true, undeletable: writable, updateable: writable,
  };
}

/** One entry of describeGlobal (spec/salesforce.md §3.3). */
export function describeGlobalEntry(schema: SObjectSchema, version: string): Record<string, unknown> {
  return { ...flags(schema), urls: urls(schema.name, version) };
}

/** The field entry of a describe, with every key the recorded describe has (spec/salesforce.md §3.4). */
export function describeField(f: FieldDef): Record<string, unknown> {
  const text = ['string', 'textarea', 'email', 'phone', 'url', 'picklist'].includes(f.type);
  const numeric = ['double', 'currency', 'percent'].includes(f.type);
  const isId = f.type === 'id';
  const systemSet = f.readOnly === true;
  const length = text || f.type === 'id' || f.type === 'reference' ? (f.length ?? 255) : 0;
  return {
    aggregatable: f.type !== 'textarea', aiPredictionField: false, autoNumber: f.name === 'CaseNumber',
    byteLength: length * 3, calculated: f.name === 'Name' && systemSet, calculatedFormula: null, cascadeDelete: false,
    caseSensitive: false, compoundFieldName: null, controllerName: null,
    createable: !systemSet, custom: f.custom === true, defaultValue: f.defaultValue ?? null, defaultValueFormula: null,
    defaultedOnCreate: systemSet || f.defaultValue !== undefined || f.name === 'OwnerId', dependentPicklist: false,
    deprecatedAndHidden: false, digits: f.type === 'int' ? 9 : 0, displayLocationInDecimal: false, encrypted: false,
    externalId: f.externalId === true, extraTypeInfo: f.type === 'textarea' ? 'plaintextarea' : null,
    filterable: f.type !== 'textarea', filteredLookupInfo: null, formulaTreatNullNumberAsZero: false,
    groupable: !numeric && f.type !== 'textarea' && f.type !== 'datetime', highScaleNumber: false, htmlFormatted: false,
    idLookup: isId || f.externalId === true || f.name === 'Username', inlineHelpText: null,
    label: f.label, length, mask: null, maskType: null, name: f.name, nameField: f.nameField === true, namePointing: f.name === 'OwnerId',
    nillable: !(isId || f.required || f.type === 'boolean' || ['CreatedDate', 'CreatedById', 'LastModifiedDate', 'LastModifiedById', 'SystemModstamp', 'OwnerId'].includes(f.name)),
    permissionable: !(isId || f.required || systemSet), picklistValues: (f.picklist ?? []).map((value) => ({
      active: true, defaultValue: value === f.defaultValue, label: value, validFor: null, value,
    })),
    polymorphicForeignKey: f.name === 'OwnerId' || (f.referenceTo?.length ?? 0) > 1, precision: numeric ? 18 : 0, queryByDistance: false,
    referenceTargetField: null, referenceTo: f.referenceTo ?? [], relationshipName: f.relationshipName ?? null,
    relationshipOrder: null, restrictedDelete: false, restrictedPicklist: false, scale: numeric ? 2 : 0,
    searchPrefilterable: f.type === 'reference', soapType: SOAP_TYPES[f.type], sortable: f.type !== 'textarea',
    type: f.type, unique: f.unique === true, updateable: !systemSet && !isId, writeRequiresMasterRead: false,
  };
}

/** `GET /sobjects/{Type}/describe` (spec/salesforce.md §3.4); child relationships come from every schema's lookups. */
export function describeSObject(schema: SObjectSchema, all: readonly SObjectSchema[], version: string): Record<string, unknown> {
  const childRelationships = childRelationshipsOf(schema, all).map((r) => ({
    cascadeDelete: false, childSObject: r.childSObject, deprecatedAndHidden: false, field: r.field.name,
    junctionIdListNames: [], junctionReferenceTo: [], relationshipName: r.relationshipName, restrictedDelete: false,
  }));
  const recordTypeId = '012000000000000AAA';
  return {
    actionOverrides: [], childRelationships, compactLayoutable: true, ...flags(schema),
    fields: schema.fields.map(describeField), hasSubtypes: false, isSubtype: false,
    recordTypeInfos: [{
      active: true, available: true, defaultRecordTypeMapping: true, developerName: 'Master', master: true, name: 'Master',
      recordTypeId, urls: { layout: `/services/data/v${version}/sobjects/${schema.name}/describe/layouts/${recordTypeId}` },
    }],
    sobjectDescribeOption: 'FULL', supportedScopes: [{ label: 'All records', name: 'everything' }, { label: 'My records', name: 'mine' }],
    urls: urls(schema.name, version),
  };
}
