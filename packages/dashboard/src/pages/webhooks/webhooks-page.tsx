// Webhooks (issue 12 point 6): the environment's webhook settings (PUT /environment/webhook), its signing key,
// every delivery to the app with its attempts and the app's answers, Redeliver, and each integration's
// incoming-webhook URL and secret (issue 13). While a delivery is pending the list refreshes itself.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSession } from '../../api/session';
import type { Integration } from '../../api/api-types';
import { useI18n } from '../../i18n/i18n';
import { QueryState } from '../../components/query-state';
import { CopyButton } from '../../components/copy-button';
import { SecretValue } from '../environment/secret-value';

interface WebhookSettings {
  primary_url: string | null;
  secondary_url: string | null;
  on_auth_creation: boolean;
  on_auth_refresh_error: boolean;
  on_sync_completion_always: boolean;
  on_sync_error: boolean;
  on_async_action_completion: boolean;
}
const SWITCHES = ['on_auth_creation', 'on_auth_refresh_error', 'on_sync_completion_always', 'on_sync_error', 'on_async_action_completion'] as const;

interface DeliverySummary {
  id: string;
  event_type: string;
  url: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  connection_id: string | null;
  provider_config_key: string | null;
  created_at: string;
  delivered_at: string | null;
  next_attempt_at: string | null;
}
interface DeliveryDetail extends DeliverySummary {
  payload: unknown;
  attempt_history: Array<{ attempt: number; status: number | null; response_body: string | null; error: string | null; duration_ms: number; started_at: string; redelivery: boolean }>;
}
const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
const LIVE_MS = 2000;

export function WebhooksPage() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="webhooks-title">
      <h1 id="webhooks-title">{t('webhooks.title')}</h1>
      <WebhookSettingsForm />
      <Deliveries />
      <IncomingWebhooks />
    </section>
  );
}

function WebhookSettingsForm() {
  const { t } = useI18n();
  const { api } = useSession();
  const ids = useId();
  const queryClient = useQueryClient();
  const env = useQuery({ queryKey: ['env', api.environment, 'environment'], queryFn: () => api.get<{ webhook: WebhookSettings; webhook_signing_key: string }>('/environment') });
  const [form, setForm] = useState<WebhookSettings | null>(null);
  const [revealed, setRevealed] = useState(false);
  useEffect(() => {
    if (env.data) setForm(env.data.webhook);
  }, [env.data]);
  const save = useMutation({
    mutationFn: (s: WebhookSettings) => api.send<WebhookSettings>('PUT', '/environment/webhook', { ...s, primary_url: s.primary_url || null, secondary_url: s.secondary_url || null }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['env', api.environment, 'environment'] }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (form) save.mutate(form);
  };
  return (
    <section aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('webhooks.settings')}</h2>
      <QueryState query={env}>
        {(data) =>
          form && (
            <>
              <form className="stack" onSubmit={submit}>
                <label htmlFor={`${ids}-primary`}>{t('webhooks.primary_url')}</label>
                <input id={`${ids}-primary`} type="url" value={form.primary_url ?? ''} onChange={(e) => setForm({ ...form, primary_url: e.target.value })} />
                <label htmlFor={`${ids}-secondary`}>
                  {t('webhooks.secondary_url')} <span className="muted">{t('common.optional')}</span>
                </label>
                <input id={`${ids}-secondary`} type="url" value={form.secondary_url ?? ''} onChange={(e) => setForm({ ...form, secondary_url: e.target.value })} />
                <fieldset>
                  <legend>{t('webhooks.send_when')}</legend>
                  {SWITCHES.map((k) => (
                    <label key={k} className="check">
                      <input type="checkbox" checked={form[k]} onChange={(e) => setForm({ ...form, [k]: e.target.checked })} /> {t(`webhooks.switch.${k}`)}
                    </label>
                  ))}
                </fieldset>
                <button type="submit" className="primary" disabled={save.isPending}>
                  {t('common.save')}
                </button>
              </form>
              <p role="status">{save.isSuccess ? t('webhooks.saved') : ''}</p>
              {save.isError && (
                <p role="alert" className="error">
                  {t('common.error', { message: save.error.message })}
                </p>
              )}
              <h3>{t('webhooks.signing_key')}</h3>
              <p className="help">{t('webhooks.signing_key_help')}</p>
              <SecretValue label={t('webhooks.signing_key')} value={data.webhook_signing_key} revealed={revealed} onToggle={() => setRevealed(!revealed)} />
            </>
          )
        }
      </QueryState>
    </section>
  );
}

function Deliveries() {
  const { t, lang } = useI18n();
  const { api } = useSession();
  const ids = useId();
  const [status, setStatus] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const list = useInfiniteQuery({
    queryKey: ['env', api.environment, 'deliveries', status],
    initialPageParam: '',
    queryFn: ({ pageParam }) =>
      api.get<{ deliveries: DeliverySummary[]; next_cursor: string | null }>(`/webhooks/deliveries?limit=50${status ? `&status=${status}` : ''}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    // a pending delivery changes on its own (a retry, a redelivery): follow it without a reload
    refetchInterval: (q) => (q.state.data?.pages.some((p) => p.deliveries.some((d) => d.status === 'pending')) ? LIVE_MS : false),
  });
  const rows = list.data?.pages.flatMap((p) => p.deliveries) ?? [];
  return (
    <section aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('webhooks.deliveries')}</h2>
      <p>
        <label htmlFor={`${ids}-status`}>{t('webhooks.filter_status')}</label>{' '}
        <select id={`${ids}-status`} value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">{t('logs.any')}</option>
          {DELIVERY_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`webhooks.status.${s}`)}
            </option>
          ))}
        </select>
      </p>
      <QueryState query={list}>
        {() =>
          rows.length === 0 ? (
            <p className="notice">{status ? t('webhooks.empty_filtered') : t('webhooks.empty')}</p>
          ) : (
            <>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('webhooks.col.created')}</th>
                    <th scope="col">{t('webhooks.col.event')}</th>
                    <th scope="col">{t('webhooks.col.url')}</th>
                    <th scope="col">{t('webhooks.col.status')}</th>
                    <th scope="col">{t('webhooks.col.attempts')}</th>
                    <th scope="col">{t('webhooks.col.answer')}</th>
                    <th scope="col">{t('webhooks.col.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((d) => (
                    <DeliveryRow key={d.id} d={d} lang={lang} open={open === d.id} onToggle={() => setOpen(open === d.id ? null : d.id)} />
                  ))}
                </tbody>
              </table>
              {list.hasNextPage && (
                <button type="button" className="secondary" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
                  {t('logs.more')}
                </button>
              )}
            </>
          )
        }
      </QueryState>
    </section>
  );
}

function DeliveryRow({ d, lang, open, onToggle }: { d: DeliverySummary; lang: string; open: boolean; onToggle: () => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const queryClient = useQueryClient();
  const detail = useQuery({
    queryKey: ['env', api.environment, 'delivery', d.id, d.attempts, d.status],
    enabled: open,
    queryFn: () => api.get<DeliveryDetail>(`/webhooks/deliveries/${d.id}`),
  });
  const redeliver = useMutation({
    mutationFn: () => api.send('POST', `/webhooks/deliveries/${d.id}/redeliver`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['env', api.environment, 'deliveries'] }),
  });
  return (
    <>
      <tr>
        <td>{new Date(d.created_at).toLocaleString(lang)}</td>
        <td>{d.event_type}</td>
        <td>
          <code>{d.url}</code>
        </td>
        <td>{t(`webhooks.status.${d.status}`)}</td>
        <td>{d.attempts}</td>
        <td>{d.last_status ?? d.last_error ?? '—'}</td>
        <td>
          <button type="button" className="secondary small" aria-expanded={open} aria-label={t('webhooks.attempts_of', { id: d.id })} onClick={onToggle}>
            {t('webhooks.attempts')}
          </button>{' '}
          <button type="button" className="small" disabled={redeliver.isPending || d.status === 'pending'} aria-label={t('webhooks.redeliver_of', { id: d.id })} onClick={() => redeliver.mutate()}>
            {t('webhooks.redeliver')}
          </button>
          {redeliver.isError && (
            <span role="alert" className="error">
              {redeliver.error.message}
            </span>
          )}
        </td>
      </tr>
      {open && (
        <tr>
          <td colSpan={7}>
            <QueryState query={detail}>
              {(full) => (
                <table aria-label={t('webhooks.attempts_of', { id: d.id })}>
                  <thead>
                    <tr>
                      <th scope="col">#</th>
                      <th scope="col">{t('webhooks.col.started')}</th>
                      <th scope="col">{t('webhooks.col.http_status')}</th>
                      <th scope="col">{t('webhooks.col.answer_body')}</th>
                      <th scope="col">{t('logs.col.duration')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {full.attempt_history.map((a) => (
                      <tr key={a.attempt}>
                        <td>
                          {a.attempt}
                          {a.redelivery ? ` (${t('webhooks.redelivery')})` : ''}
                        </td>
                        <td>{new Date(a.started_at).toLocaleString(lang)}</td>
                        <td>{a.status ?? a.error ?? '—'}</td>
                        <td>
                          <code>{a.response_body ?? ''}</code>
                        </td>
                        <td>{t('logs.ms', { ms: String(Math.round(a.duration_ms)) })}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </QueryState>
          </td>
        </tr>
      )}
    </>
  );
}

function IncomingWebhooks() {
  const { t } = useI18n();
  const { api } = useSession();
  const ids = useId();
  const integrations = useQuery({ queryKey: ['env', api.environment, 'integrations'], queryFn: () => api.get<{ data: Integration[] }>('/integrations') });
  // the integration edit page links here with ?integration=<key>
  const [key, setKey] = useState(useSearchParams()[0].get('integration') ?? '');
  return (
    <section aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('webhooks.incoming')}</h2>
      <p className="help">{t('webhooks.incoming_help')}</p>
      <QueryState query={integrations}>
        {({ data }) =>
          data.length === 0 ? (
            <p>{t('webhooks.incoming_none')}</p>
          ) : (
            <>
              <label htmlFor={`${ids}-integration`}>{t('logs.filter.integration')}</label>{' '}
              <select id={`${ids}-integration`} value={key} onChange={(e) => setKey(e.target.value)}>
                <option value="">{t('webhooks.pick_integration')}</option>
                {data.map((i) => (
                  <option key={i.unique_key} value={i.unique_key}>
                    {i.display_name || i.unique_key}
                  </option>
                ))}
              </select>
              {key && <IncomingWebhookSetup key={key} integrationKey={key} />}
            </>
          )
        }
      </QueryState>
    </section>
  );
}

export function IncomingWebhookSetup({ integrationKey }: { integrationKey: string }) {
  const { t } = useI18n();
  const { api } = useSession();
  const queryClient = useQueryClient();
  const [revealed, setRevealed] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const queryKey = ['env', api.environment, 'incoming-webhook', integrationKey];
  const setup = useQuery({ queryKey, queryFn: () => api.get<{ data: { url: string; secret: string } }>(`/integrations/${encodeURIComponent(integrationKey)}/webhook`) });
  const rotate = useMutation({
    mutationFn: () => api.send<{ data: { url: string; secret: string } }>('POST', `/integrations/${encodeURIComponent(integrationKey)}/webhook/rotate-secret`),
    onSuccess: (answer) => {
      queryClient.setQueryData(queryKey, answer);
      setConfirming(false);
    },
  });
  return (
    <QueryState query={setup}>
      {({ data }) => (
        <dl className="facts">
          <dt>{t('webhooks.incoming_url')}</dt>
          <dd>
            <code>{data.url}</code> <CopyButton text={data.url} what={t('webhooks.incoming_url')} />
          </dd>
          <dt>{t('webhooks.incoming_secret')}</dt>
          <dd>
            <SecretValue label={t('webhooks.incoming_secret')} value={data.secret} revealed={revealed} onToggle={() => setRevealed(!revealed)} />{' '}
            {confirming ? (
              <span role="group" aria-label={t('webhooks.rotate_secret')}>
                <span className="notice">{t('webhooks.rotate_secret_warning')}</span>{' '}
                <button type="button" className="small" onClick={() => rotate.mutate()} disabled={rotate.isPending}>
                  {t('webhooks.rotate_secret_confirm')}
                </button>{' '}
                <button type="button" className="secondary small" onClick={() => setConfirming(false)}>
                  {t('common.cancel')}
                </button>
              </span>
            ) : (
              <button type="button" className="secondary small" onClick={() => setConfirming(true)}>
                {t('webhooks.rotate_secret')}
              </button>
            )}
          </dd>
        </dl>
      )}
    </QueryState>
  );
}
