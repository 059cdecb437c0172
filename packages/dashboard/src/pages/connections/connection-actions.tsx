// A connection's actions: refresh the token now, a new connect or reconnect link (copyable), the credentials
// masked until revealed (fetched on the click only: never in the page before), and delete behind a confirm
// dialog whose button is disabled while the delete runs; a connection already gone counts as deleted.
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../api/api-client';
import { useSession } from '../../api/session';
import { useI18n } from '../../i18n/i18n';
import { CopyButton } from '../../components/copy-button';
import { connectionKey, getConnectionFacts, qs, type ConnectionFacts } from './connection-api';

export function ConnectionActions({ c }: { c: ConnectionFacts }) {
  const { t } = useI18n();
  const { api } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const key = connectionKey(api.environment, c.connection_id, c.provider_config_key);
  const path = `/connections/${encodeURIComponent(c.connection_id)}?${qs({ provider_config_key: c.provider_config_key })}`;
  const [link, setLink] = useState<{ kind: 'connect' | 'reconnect'; url: string; expires: string } | null>(null);
  const [secrets, setSecrets] = useState<string | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);

  const refresh = useMutation({
    mutationFn: () => getConnectionFacts(api, c.connection_id, c.provider_config_key, true),
    onSuccess: (fresh) => queryClient.setQueryData(key, fresh),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['env', api.environment, 'connection', c.connection_id] }),
  });
  const makeLink = useMutation({
    mutationFn: async (kind: 'connect' | 'reconnect') => {
      const body =
        kind === 'reconnect'
          ? { connection_id: c.connection_id, integration_id: c.provider_config_key }
          : { end_user: c.end_user ? { id: c.end_user.id, ...(c.end_user.email ? { email: c.end_user.email } : {}) } : undefined, tags: c.end_user ? undefined : { connection: c.connection_id }, allowed_integrations: [c.provider_config_key] };
      const res = await api.send<{ data: { connect_link: string; expires_at: string } }>('POST', kind === 'reconnect' ? '/connect/sessions/reconnect' : '/connect/sessions', body);
      return { kind, url: res.data.connect_link, expires: res.data.expires_at };
    },
    onSuccess: setLink,
  });
  const reveal = useMutation({
    mutationFn: async () => {
      const full = await api.get<{ credentials: unknown }>(path);
      return JSON.stringify(full.credentials, null, 2);
    },
    onSuccess: setSecrets,
  });
  const remove = useMutation({
    mutationFn: async () => {
      try {
        await api.send('DELETE', path);
        return 'deleted' as const;
      } catch (err) {
        // deleted meanwhile (another tab, a second confirm): the goal is reached
        if (err instanceof ApiError && (err.code === 'unknown_connection' || err.status === 404)) return 'gone' as const;
        throw err;
      }
    },
    onSuccess: (outcome) => {
      dialog.current?.close();
      queryClient.removeQueries({ queryKey: ['env', api.environment, 'connection', c.connection_id] });
      void queryClient.invalidateQueries({ queryKey: ['env', api.environment, 'connections'] });
      navigate('/connections', { state: { flash: t(outcome === 'gone' ? 'connections.delete.gone' : 'connections.delete.done', { id: c.connection_id }) } });
    },
  });

  return (
    <section aria-labelledby="actions-title" className="panel">
      <h2 id="actions-title">{t('connections.actions.title')}</h2>
      <div className="actions">
        <button type="button" className="primary" disabled={refresh.isPending} onClick={() => refresh.mutate()}>
          {refresh.isPending ? t('connections.actions.refreshing') : t('connections.actions.refresh')}
        </button>
        <button type="button" className="secondary" disabled={makeLink.isPending} onClick={() => makeLink.mutate('reconnect')}>
          {t('connections.actions.reconnect_link')}
        </button>
        <button type="button" className="secondary" disabled={makeLink.isPending} onClick={() => makeLink.mutate('connect')}>
          {t('connections.actions.connect_link')}
        </button>
        <button type="button" className="danger" onClick={() => dialog.current?.showModal()}>
          {t('connections.actions.delete')}
        </button>
      </div>
      <div aria-live="polite">
        {refresh.isSuccess && <p className="success">{t('connections.actions.refreshed')}</p>}
        {refresh.isError && (
          <p className="error" role="alert">
            {t('connections.actions.refresh_failed', { message: refresh.error.message })}
          </p>
        )}
        {makeLink.isError && (
          <p className="error" role="alert">
            {t('common.error', { message: makeLink.error.message })}
          </p>
        )}
        {link && (
          <div className="snippet">
            <p>
              {t(link.kind === 'reconnect' ? 'connections.actions.reconnect_made' : 'connections.actions.connect_made')}{' '}
              <a href={link.url} target="_blank" rel="noreferrer">
                {link.url}
              </a>
            </p>
            <CopyButton text={link.url} what={t('connections.actions.link')} />
          </div>
        )}
      </div>
      <h3 id="credentials-title">{t('connections.credentials.title')}</h3>
      {secrets === null ? (
        <p>
          <span className="masked" aria-label={t('connections.credentials.masked_label')}>
            ••••••••••••
          </span>{' '}
          <button type="button" className="secondary small" disabled={reveal.isPending} onClick={() => reveal.mutate()}>
            {t('connections.credentials.reveal')}
          </button>
        </p>
      ) : (
        <>
          <pre aria-labelledby="credentials-title">
            <code>{secrets}</code>
          </pre>
          <button type="button" className="secondary small" onClick={() => setSecrets(null)}>
            {t('connections.credentials.hide')}
          </button>
        </>
      )}
      {reveal.isError && <p className="error">{t('common.error', { message: reveal.error.message })}</p>}
      <dialog ref={dialog} aria-labelledby="delete-title" aria-describedby="delete-text" onClose={() => remove.reset()}>
        <h2 id="delete-title">{t('connections.delete.title', { id: c.connection_id })}</h2>
        <p id="delete-text">{t('connections.delete.text')}</p>
        {remove.isError && (
          <p className="error" role="alert">
            {t('common.error', { message: remove.error.message })}
          </p>
        )}
        <div className="actions">
          <button type="button" className="secondary" autoFocus onClick={() => dialog.current?.close()}>
            {t('common.cancel')}
          </button>
          <button type="button" className="danger" disabled={remove.isPending || remove.isSuccess} onClick={() => remove.mutate()}>
            {remove.isPending ? t('connections.delete.deleting') : t('connections.delete.confirm')}
          </button>
        </div>
      </dialog>
    </section>
  );
}
