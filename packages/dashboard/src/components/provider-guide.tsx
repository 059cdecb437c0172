// A provider's setup guide, part of the integration form (issue 12 point 3): the steps as the provider's
// screens name them, with the callback URL to copy where the guide asks for it.
import { useI18n } from '../i18n/i18n';
import type { ProviderGuide } from '../guides/provider-guides';
import { CopyButton } from './copy-button';

export function ProviderGuidePanel({ guide, providerName, callbackUrl }: { guide: ProviderGuide; providerName: string; callbackUrl: string }) {
  const { t } = useI18n();
  const g = (k: string) => t(`guide.${guide.id}.${k}`);
  return (
    <section className="guide" aria-labelledby="guide-title">
      <h2 id="guide-title">{t('guide.title', { provider: providerName })}</h2>
      <p>{g('intro')}</p>
      {guide.sections.map((count, si) => (
        <section key={si} aria-labelledby={`guide-s${si + 1}`}>
          <h3 id={`guide-s${si + 1}`}>{g(`s${si + 1}.title`)}</h3>
          <ol>
            {Array.from({ length: count }, (_, i) => {
              const step = `s${si + 1}.${i + 1}`;
              return (
                <li key={step}>
                  {g(step)}
                  {guide.callbackStep === step && (
                    <span className="callback">
                      <code id="callback-url">{callbackUrl}</code> <CopyButton text={callbackUrl} what={t('form.callback_url')} />
                    </span>
                  )}
                </li>
              );
            })}
          </ol>
        </section>
      ))}
    </section>
  );
}
