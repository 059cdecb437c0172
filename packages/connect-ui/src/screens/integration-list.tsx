import type { Integration } from '../api/api-types';
import { useI18n } from '../i18n/i18n';
import { IntegrationLogo } from './integration-logo';
import { ScreenTitle } from './shell';

export function IntegrationList({ integrations, onPick }: { integrations: Integration[]; onPick: (i: Integration) => void }) {
  const { t } = useI18n();
  return (
    <section>
      <ScreenTitle>{t('list.title')}</ScreenTitle>
      {integrations.length === 0 ? (
        <p>{t('list.empty')}</p>
      ) : (
        <>
          <p className="muted">{t('list.subtitle')}</p>
          <ul className="integrations">
            {integrations.map((i) => (
              <li key={i.unique_key}>
                <button type="button" className="integration" onClick={() => onPick(i)}>
                  <IntegrationLogo src={i.logo} name={i.display_name} />
                  <span>{i.display_name}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
