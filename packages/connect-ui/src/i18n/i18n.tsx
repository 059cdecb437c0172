// Strings live in messages/<lang>.json; the language is the `lang` parameter, else the browser's languages
// (what it sends as Accept-Language), else English. A missing key falls back to English.
import { createContext, useContext, type ReactNode } from 'react';
import en from './messages/en.json';
import fr from './messages/fr.json';
import de from './messages/de.json';
import es from './messages/es.json';
import ja from './messages/ja.json';

export type MessageKey = keyof typeof en;
const CATALOGS: Record<string, Record<string, string | undefined>> = { en, fr, de, es, ja };
export const LANGUAGES = Object.keys(CATALOGS);

export function pickLanguage(requested: string | null, browser: readonly string[]): string {
  for (const tag of [requested, ...browser]) {
    const base = tag?.toLowerCase().split('-')[0];
    if (base && base in CATALOGS) return base;
  }
  return 'en';
}

export type Translate = (key: MessageKey | string, vars?: Record<string, string>) => string;

export function translator(lang: string): Translate {
  const catalog: Record<string, string | undefined> = CATALOGS[lang] ?? en;
  return (key, vars) => {
    const template = catalog[key] ?? (en as Record<string, string>)[key] ?? key;
    return template.replace(/\{(\w+)\}/g, (m: string, name: string) => vars?.[name] ?? m);
  };
}

/** Whether a message exists (used for codes the server may send, e.g. a catalog field's reject code). */
export function hasMessage(key: string): boolean {
  return key in en;
}

const I18nContext = createContext<{ lang: string; t: Translate }>({ lang: 'en', t: translator('en') });

export function I18nProvider({ lang, children }: { lang: string; children: ReactNode }) {
  return <I18nContext.Provider value={{ lang, t: translator(lang) }}>{children}</I18nContext.Provider>;
}

export function useI18n() {
  return useContext(I18nContext);
}
