// The provider catalog: one `catalog.yaml` per provider folder (src/providers/<folder>/catalog.yaml, beside
// that provider's hooks, functions and fixtures), validated at load. A broken entry stops start-up with the
// entry and the field named.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORE_SCHEMA, load, YAMLException } from 'js-yaml';
import { providerSchema, type ProviderDefinition } from './provider-schema.js';

// The yaml files are not compiled, so dist/ reads them from the shipped src/providers/ (package.json `files`):
// two folders up is the package root from src/providers/ and dist/providers/ alike.
export const DEFAULT_PROVIDERS_DIR = fileURLToPath(new URL('../../src/providers/', import.meta.url));

export interface Provider extends ProviderDefinition {
  readonly name: string;
}

export class CatalogError extends Error {
  constructor(readonly problems: string[]) {
    super(`The provider catalog is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CatalogError';
  }
}

export class ProviderCatalog {
  readonly #providers: ReadonlyMap<string, Provider>;

  private constructor(providers: Map<string, Provider>) {
    this.#providers = providers;
  }

  static fromYaml(text: string, knownHooks: ReadonlySet<string>): ProviderCatalog {
    return ProviderCatalog.fromYamlFiles([{ file: 'catalog', text }], knownHooks);
  }

  /** Several catalog files make one catalog; a provider name may appear in only one of them. */
  static fromYamlFiles(files: readonly { file: string; text: string }[], knownHooks: ReadonlySet<string>): ProviderCatalog {
    const problems: string[] = [];
    const entries: [string, unknown][] = [];
    const seen = new Map<string, string>();
    for (const { file, text } of files) {
      let raw: unknown;
      try {
        // js-yaml rather than the `yaml` package: it reads the catalog about ten times faster, which is most of
        // the catalog's share of the start-up (docs/performance.md, "Memory and start").
        raw = load(text, { filename: file, schema: CORE_SCHEMA });
      } catch (err) {
        if (err instanceof YAMLException) throw new CatalogError([`${file}: not valid YAML: ${err.message}`]);
        throw err;
      }
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new CatalogError([`${file}: the catalog must be a map of provider name to definition`]);
      for (const [name, def] of Object.entries(raw as Record<string, unknown>)) {
        const earlier = seen.get(name);
        if (earlier) problems.push(`${name}: defined in both ${earlier} and ${file}`);
        seen.set(name, file);
        entries.push([name, def]);
      }
    }
    const providers = new Map<string, Provider>();
    for (const [name, def] of entries) {
      if (!/^[a-zA-Z0-9_-]+$/.test(name)) problems.push(`${name}: provider names use letters, digits, _ and -`);
      const parsed = providerSchema.safeParse(def);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const path = issue.path.length ? issue.path.join('.') : '(entry)';
          problems.push(`${name}.${path}: ${issue.message}`);
        }
        continue;
      }
      const p = parsed.data;
      if (p.hooks && !knownHooks.has(p.hooks)) problems.push(`${name}.hooks: no provider module named "${p.hooks}"`);
      if (p.auth_mode === 'OAUTH2' && (!p.authorization_url || !p.token_url)) problems.push(`${name}: OAUTH2 needs authorization_url and token_url`);
      if ((p.auth_mode === 'OAUTH2_CC' || p.auth_mode === 'TWO_STEP') && !p.token_url) problems.push(`${name}.token_url: required for ${p.auth_mode}`);
      for (const [field, f] of Object.entries({ ...p.connection_config, ...p.credentials })) {
        for (const re of [f.pattern, ...(f.reject ?? []).map((r) => r.pattern)]) {
          if (re === undefined) continue;
          try {
            new RegExp(re);
          } catch {
            problems.push(`${name}.${field}.pattern: "${re}" is not a valid regular expression`);
          }
        }
      }
      // Automated fields are URLs learnt from the provider; they are checked against allowed_hosts when stored (allowed-hosts.ts).
      const automated = Object.entries(p.connection_config ?? {}).filter(([, f]) => f.automated);
      if (automated.length && !p.proxy?.allowed_hosts?.length) problems.push(`${name}.proxy.allowed_hosts: required, since ${automated.map(([k]) => k).join(', ')} is learnt from the provider and must be checked against it`);
      for (const key of p.token_response_metadata ?? []) {
        if (!p.connection_config?.[key]?.automated) problems.push(`${name}.token_response_metadata: ${key} must also be an automated connection_config field, so its value is checked`);
      }
      providers.set(name, Object.freeze({ ...p, name }));
    }
    if (problems.length) throw new CatalogError(problems);
    return new ProviderCatalog(providers);
  }

  /** Every `<dir>/<folder>/catalog.yaml`, in folder order. */
  static load(knownHooks: ReadonlySet<string>, dir = DEFAULT_PROVIDERS_DIR): ProviderCatalog {
    const files = readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => join(dir, d.name, 'catalog.yaml'))
      .filter((f) => existsSync(f))
      .sort();
    if (files.length === 0) throw new CatalogError([`no provider catalog found: expected ${dir}<provider>/catalog.yaml`]);
    return ProviderCatalog.fromYamlFiles(files.map((file) => ({ file, text: readFileSync(file, 'utf8') })), knownHooks);
  }

  get(name: string): Provider | undefined {
    return this.#providers.get(name);
  }

  list(): Provider[] {
    return [...this.#providers.values()];
  }
}
