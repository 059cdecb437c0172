/** The SOQL subset the simulator understands (spec/salesforce.md §3.5). */
export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'date'; value: string }
  | { kind: 'datetime'; value: number }
  | { kind: 'dateLiteral'; name: string; n?: number };

export type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'like';

export interface FieldRef {
  path: string[];
  /** 0-based offset in the query text, for Salesforce's caret error messages. */
  offset: number;
}

export type Condition =
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; operand: Condition }
  | { kind: 'compare'; field: FieldRef; op: ComparisonOp; value: Literal; valueOffset: number }
  | { kind: 'in'; field: FieldRef; negated: boolean; values: Literal[]; valueOffset: number }
  /** Semi-join / anti-join: `AccountId IN (SELECT Id FROM Account WHERE …)`. */
  | { kind: 'inQuery'; field: FieldRef; negated: boolean; query: SoqlQuery; valueOffset: number };

export type SelectItem =
  | { kind: 'field'; field: FieldRef }
  | { kind: 'count'; field?: FieldRef; alias?: string }
  | { kind: 'subquery'; query: SoqlQuery }
  | { kind: 'fields'; which: 'ALL' | 'STANDARD' | 'CUSTOM'; offset: number };

export interface OrderItem {
  field: FieldRef;
  descending: boolean;
  nullsLast: boolean;
}

export interface SoqlQuery {
  text: string;
  select: SelectItem[];
  from: string;
  fromOffset: number;
  where?: Condition;
  orderBy: OrderItem[];
  limit?: number;
  offset?: number;
}
