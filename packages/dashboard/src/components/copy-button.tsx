import { useState } from 'react';
import { useI18n } from '../i18n/i18n';

/** Copies `text` (or what `resolve` gives, e.g. a snippet with the revealed key) to the clipboard. */
export function CopyButton({ text, what, resolve }: { text?: string; what: string; resolve?: () => Promise<string> }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    const value = resolve ? await resolve() : (text ?? '');
    await navigator.clipboard.writeText(value).catch(() => undefined);
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };
  return (
    <button type="button" className="secondary small" aria-label={t('common.copy_label', { what })} onClick={() => void copy()}>
      {copied ? t('common.copied') : t('common.copy')}
    </button>
  );
}
