// The shape of a registered error (STYLE.md habit 10): one status, a message template whose `{name}`
// placeholders are filled by the throw site's typed parameters, and named situations where one code must
// say different things (Nango answers `not_found` with "Failed to find connection" on one route and
// "Integration does not exist" on another). Each situation still has the code's status, except the few
// listed with a `status` and a `why` where the Nango API answers another status for that situation
// (nango-api.md §13.9); error-registry.unit.test.ts knows each of them.
export interface StatusException {
  status: number;
  message: string;
  /** Why this situation answers another status than its code (shown in docs/errors.md). */
  why: string;
}

export interface ErrorDefinition {
  status: number;
  message: string;
  situations?: Readonly<Record<string, string | StatusException>>;
  /** false where the Nango API sends the code without a message (the body carries the upstream's answer). */
  wireMessage?: false;
}

export type ErrorDefinitions = Readonly<Record<string, ErrorDefinition>>;

/** The placeholders of a template: 'The {method} {path}' → 'method' | 'path'. */
export type TemplateParams<S extends string> = S extends `${string}{${infer P}}${infer R}` ? P | TemplateParams<R> : never;

export type ParamValue = string | number;

/** Fills `{name}` placeholders; a missing parameter is a bug at the throw site, so it shows as `{name}`. */
export function renderTemplate(template: string, params: Readonly<Record<string, ParamValue>> | undefined): string {
  return template.replace(/\{([a-zA-Z_][a-zA-Z0-9_]*)\}/g, (whole, name: string) => (params && name in params ? String(params[name]) : whole));
}
