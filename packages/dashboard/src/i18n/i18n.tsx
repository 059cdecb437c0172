// Strings live in messages/<lang>.json (English first; a missing key falls back to English). The language
// is the browser's (what it sends as Accept-Language), else English.
import { createContext, useContext, type ReactNode } from 'react';
import en from './messages/en.json';
import fr from './messages/fr.json';

export type MessageKey = keyof typeof en;
const CATALOGS: Record<string, Record<string, string | undefined>> = { en, fr };

export function pickLanguage(browser: readonly string[]): string {
  for (const tag of browser) {
    const base = tag.toLowerCase().split('-')[0];
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
