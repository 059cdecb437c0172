// The form of one integration, generated from its catalog entry (catalog-fields.ts). Each field is checked as
// the user types; the submit handler starts the auth synchronously so the OAuth popup is not blocked.
import { useRef, useState, type FormEvent } from 'react';
import type { Integration, Provider } from '../api/api-types';
import { hasMessage, useI18n } from '../i18n/i18n';
import { IntegrationLogo } from '../screens/integration-logo';
import { ScreenTitle } from '../screens/shell';
import { formFields, type FormField } from './catalog-fields';
import { checkField, suggestedProvider, type FieldProblem } from './check-field';

export interface ConnectFormProps {
  integration: Integration;
  provider: Provider;
  /** integrations_config_defaults[key].connection_config: sent as given, not shown. */
  preset: Record<string, unknown>;
  reconnect: boolean;
  busy: boolean;
  initialValues: Record<string, string>;
  /** The session's integrations, to follow a field's `suggest` rule to one of them. */
  integrations: Integration[];
  onBack: (() => void) | undefined;
  onSwitch: (to: Integration, values: Record<string, string>) => void;
  /** `typed` is the form as typed, given back as initialValues after Try again. */
  onSubmit: (params: Record<string, string>, credentials: Record<string, string>, typed: Record<string, string>) => void;
}

export function ConnectForm(p: ConnectFormProps) {
  const { t } = useI18n();
  const fields = formFields(p.provider, p.preset);
  const [values, setValues] = useState<Record<string, string>>(() => ({ ...p.initialValues }));
  const [submitted, setSubmitted] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const label = (f: FormField) => f.def.title ?? f.name;
  const problemText = (f: FormField, problem: FieldProblem) => {
    if (problem.kind === 'required') return t('form.required', { field: label(f) });
    if (problem.kind === 'rejected' && hasMessage(`errors.${problem.code}`)) return t(`errors.${problem.code}`);
    return t('form.pattern', { field: label(f) });
  };
  const problems = Object.fromEntries(fields.map((f) => [f.name, checkField(f.def, values[f.name] ?? '', submitted, values)]));
  const oauth = p.provider.auth_mode === 'OAUTH2' || p.provider.auth_mode === 'OAUTH1';
  const name = p.integration.display_name;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    const invalid = fields.find((f) => checkField(f.def, values[f.name] ?? '', true, values));
    if (invalid) {
      formRef.current?.querySelector<HTMLElement>(`[name="${invalid.name}"]`)?.focus();
      return;
    }
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(p.preset)) if (typeof v === 'string') params[k] = v;
    const credentials: Record<string, string> = {};
    for (const f of fields) {
      const v = (values[f.name] ?? '').trim();
      if (v) (f.group === 'params' ? params : credentials)[f.name] = v;
    }
    p.onSubmit(params, credentials, values);
  };

  return (
    <section>
      <div className="form-head">
        <IntegrationLogo src={p.integration.logo} name={name} />
        <ScreenTitle>{t(p.reconnect ? 'form.reconnectTitle' : 'form.title', { name })}</ScreenTitle>
      </div>
      <form ref={formRef} onSubmit={submit} noValidate>
        {fields.map((f) => {
          const problem = problems[f.name] ?? null;
          const id = `field-${f.name}`;
          const suggestion = suggestedProvider(f.def, values[f.name] ?? '');
          const target = suggestion ? p.integrations.find((i) => i.provider === suggestion) : undefined;
          const described = [f.def.description && `${id}-help`, problem && `${id}-problem`, suggestion && `${id}-hint`].filter(Boolean).join(' ');
          return (
            <div className="field" key={f.name}>
              <label htmlFor={id}>
                {label(f)}
                {f.def.optional && <span className="muted"> ({t('form.optional')})</span>}
              </label>
              <div className="input-row">
                {f.def.prefix && <span className="affix">{f.def.prefix}</span>}
                <input
                  id={id}
                  name={f.name}
                  type={f.def.secret ? 'password' : 'text'}
                  autoComplete={f.def.secret ? 'off' : undefined}
                  spellCheck={false}
                  autoCapitalize="off"
                  required={!f.def.optional && !f.def.required_unless}
                  aria-invalid={problem ? true : undefined}
                  aria-describedby={described || undefined}
                  placeholder={f.def.example}
                  value={values[f.name] ?? ''}
                  onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
                />
                {f.def.suffix && <span className="affix">{f.def.suffix}</span>}
              </div>
              {f.def.description && (
                <p id={`${id}-help`} className="help">
                  {f.def.description}
                </p>
              )}
              {problem && (
                <p id={`${id}-problem`} className="problem">
                  {problemText(f, problem)}
                </p>
              )}
              {suggestion && (
                <div id={`${id}-hint`} className="hint" role="status">
                  {target ? (
                    <button type="button" className="link" onClick={() => p.onSwitch(target, values)}>
                      {t('hint.useIntegration', { name: target.display_name })}
                    </button>
                  ) : (
                    t('hint.askSandbox')
                  )}
                </div>
              )}
            </div>
          );
        })}
        {oauth && <p className="muted">{p.busy ? t('form.popupWaiting') : t('form.oauthHint', { name })}</p>}
        <div className="actions">
          {p.onBack && (
            <button type="button" className="secondary" onClick={p.onBack} disabled={p.busy}>
              {t('form.back')}
            </button>
          )}
          <button type="submit" className="primary" disabled={p.busy}>
            {p.busy ? t('form.submitting') : t('form.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
