// Which setup guide the integration form shows for a provider: data keyed by the catalog's provider names
// (the guide's text is in the message files under guide.<id>.*). A provider without an entry gets the form
// alone. Each section lists how many steps its messages have; `callbackStep` is the step after which the
// callback URL is shown with a Copy button.
export interface ProviderGuide {
  id: string;
  sections: number[];
  callbackStep?: string;
}

const SALESFORCE_OAUTH: ProviderGuide = { id: 'salesforce-oauth', sections: [7, 2, 1, 1, 1], callbackStep: 's1.4' };
const SALESFORCE_CC: ProviderGuide = { id: 'salesforce-cc', sections: [3, 1, 1, 1] };

export const PROVIDER_GUIDES: Readonly<Record<string, ProviderGuide>> = {
  salesforce: SALESFORCE_OAUTH,
  'salesforce-sandbox': SALESFORCE_OAUTH,
  'salesforce-experience-cloud': SALESFORCE_OAUTH,
  'salesforce-cc': SALESFORCE_CC,
};
