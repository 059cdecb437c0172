// A secret shown masked until the operator reveals it (the value is fetched by the caller only when asked).
import { useI18n } from '../../i18n/i18n';
import { CopyButton } from '../../components/copy-button';

export const MASK = '••••••••••••••••••••••••••••••••';

export function SecretValue({ label, value, revealed, onToggle }: { label: string; value: string | undefined; revealed: boolean; onToggle: () => void }) {
  const { t } = useI18n();
  return (
    <span className="secret-value">
      <code aria-label={label}>{revealed && value ? value : MASK}</code>{' '}
      <button type="button" className="secondary small" aria-pressed={revealed} aria-label={`${revealed ? t('common.hide_key') : t('common.reveal_key')}: ${label}`} onClick={onToggle}>
        {revealed ? t('common.hide_key') : t('common.reveal_key')}
      </button>{' '}
      {revealed && value ? <CopyButton text={value} what={label} /> : null}
    </span>
  );
}
