// The frame of every screen: a close button when embedded (it tells the host page, which removes the
// iframe), the app's logo when the settings give one, the screen, and the "Secured by terapi" line unless
// the settings hide it.
import { useEffect, useRef, type ReactNode } from 'react';
import { isEmbedded, postToParent } from '../frame/parent-frame';
import { useI18n } from '../i18n/i18n';

export function Shell({ children, watermark, logo }: { children: ReactNode; watermark: boolean; logo?: string | undefined }) {
  const { t } = useI18n();
  return (
    <div className="backdrop">
      <div className="card" role="dialog" aria-modal={isEmbedded} aria-labelledby="screen-title">
        {isEmbedded && (
          <button type="button" className="close" aria-label={t('close')} onClick={() => postToParent({ type: 'close' })}>
            <span aria-hidden="true">×</span>
          </button>
        )}
        {logo && <img className="app-logo" src={logo} alt={t('appLogo')} />}
        <main>{children}</main>
        {watermark && <footer className="watermark">{t('watermark')}</footer>}
      </div>
    </div>
  );
}

/** The screen's heading, focused when the screen appears so that screen readers and keyboards start there. */
export function ScreenTitle({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h1 id="screen-title" tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}

export function StatusScreen({ title, body, tone, action }: { title: string; body?: string; tone?: 'error' | 'success'; action?: ReactNode }) {
  return (
    <section className={`status ${tone ?? ''}`}>
      {tone && (
        <div className="status-icon" aria-hidden="true">
          {tone === 'success' ? '✓' : '!'}
        </div>
      )}
      <ScreenTitle>{title}</ScreenTitle>
      {body && <p role={tone === 'error' ? 'alert' : undefined}>{body}</p>}
      {action}
    </section>
  );
}
