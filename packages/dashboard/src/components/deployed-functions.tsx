import type { DeployedFunctions } from '../api/api-types';
import { useI18n } from '../i18n/i18n';

/** The functions deployed for one integration, each with its state. */
export function DeployedFunctionsTable({ functions }: { functions: DeployedFunctions | undefined }) {
  const { t } = useI18n();
  const rows = functions
    ? [
        ...functions.syncs.map((s) => ({
          name: s.name,
          kind: t('form.functions_kind.sync'),
          version: s.version,
          state: !s.auto_start ? t('form.functions_state.manual') : s.runs ? t('form.functions_state.active', { runs: s.runs }) : t('form.functions_state.active_plain'),
        })),
        ...functions.actions.map((a) => ({ name: a.name, kind: t('form.functions_kind.action'), version: a.version, state: t('form.functions_state.active_plain') })),
        ...functions['on-events'].map((e) => ({ name: e.name, kind: t('form.functions_kind.on-event', { event: e.event }), version: '', state: t('form.functions_state.active_plain') })),
      ]
    : [];
  if (rows.length === 0) return <p>{t('form.functions_empty')}</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t('form.functions_col.name')}</th>
          <th scope="col">{t('form.functions_col.kind')}</th>
          <th scope="col">{t('form.functions_col.version')}</th>
          <th scope="col">{t('form.functions_col.state')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.kind}:${r.name}`}>
            <td>
              <code>{r.name}</code>
            </td>
            <td>{r.kind}</td>
            <td>{r.version}</td>
            <td>{r.state}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
