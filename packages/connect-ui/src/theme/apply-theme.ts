// Light, dark or the system's choice, and the app's primary colour (connectUISettings, §2.3), as CSS
// variables. The text on the primary colour is black or white, whichever contrasts more (WCAG 2.1 §1.4.3).
import type { ThemeChoice } from '../connect-params';
import type { ConnectUISettings } from '../frame/parent-frame';

function luminance(hex: string): number | null {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return null;
  const n = parseInt(m[1]!, 16);
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

export function textOn(hex: string): string {
  const l = luminance(hex);
  if (l === null) return '#ffffff';
  return (l + 0.05) / 0.05 > 1.05 / (l + 0.05) ? '#000000' : '#ffffff';
}

export function resolveTheme(choice: ThemeChoice): 'light' | 'dark' {
  if (choice !== 'system') return choice;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function applyTheme(settings: ConnectUISettings | undefined, override: ThemeChoice | null): void {
  const mode = resolveTheme(override ?? settings?.defaultTheme ?? 'system');
  const root = document.documentElement;
  root.dataset.theme = mode;
  const primary = settings?.theme[mode]?.primary;
  if (primary && luminance(primary) !== null) {
    root.style.setProperty('--primary', primary);
    root.style.setProperty('--on-primary', textOn(primary));
  }
}
