// The form of a provider comes from its catalog entry: connection_config fields become `params`, credentials
// fields become the credentials the auth endpoint takes. Automated and hidden fields are filled by terapi;
// fields the session presets (integrations_config_defaults) are sent as given and not shown.
import type { CatalogField, Provider } from '../api/api-types';

export interface FormField {
  name: string;
  group: 'params' | 'credentials';
  def: CatalogField;
}

function fieldsOf(group: FormField['group'], map: Record<string, CatalogField> | undefined, preset: Record<string, unknown>): FormField[] {
  return Object.entries(map ?? {})
    .filter(([name, def]) => !def.automated && !def.hidden && !(group === 'params' && preset[name] !== undefined))
    .map(([name, def]) => ({ name, group, def }));
}

export function formFields(provider: Provider, preset: Record<string, unknown> = {}): FormField[] {
  const all = [...fieldsOf('params', provider.connection_config, preset), ...fieldsOf('credentials', provider.credentials, preset)];
  return all.sort((a, b) => (a.def.order ?? 99) - (b.def.order ?? 99));
}
