import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del, get, post } from '../../api/client';
import type { Engagement } from '../../api/types';
import { formatDateTime } from '../../lib/dates';
import { Field, FormError } from '../../ui/Field';
import { useSubmit } from '../auth/use-form';

type DeliveryStatus = 'pending' | 'delivered' | 'failed';

interface Webhook {
  id: string;
  url: string;
  description: string | null;
  engagementId: string | null;
  engagementTitle: string | null;
  eventTypes: string[];
  createdAt: string;
  lastDelivery: { status: DeliveryStatus; at: string } | null;
}

interface EventType {
  type: string;
  about: string;
  audience: string;
}

interface Delivery {
  id: string;
  eventId: number;
  eventType: string;
  status: DeliveryStatus;
  attempts: { attempt: number; startedAt: string; durationMs: number; statusCode: number | null; error: string | null }[];
  nextAttemptAt: string | null;
  createdAt: string;
}

const statusBadge: Record<DeliveryStatus, string> = {
  delivered: 'badge badge--ok',
  pending: 'badge badge--warn',
  failed: 'badge badge--danger',
};

const when = (iso: string) => formatDateTime(iso);

/** The event types grouped by what they are about (card, session, contract…), in catalog order. */
function groups(types: EventType[]): [string, EventType[]][] {
  const out = new Map<string, EventType[]>();
  for (const t of types) {
    const key = t.type.split('.')[0] ?? t.type;
    out.set(key, [...(out.get(key) ?? []), t]);
  }
  return [...out];
}

function NewWebhookForm({ engagements, types, onCreated }: { engagements: Engagement[]; types: EventType[]; onCreated: (secret: string) => void }) {
  const qc = useQueryClient();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [engagementId, setEngagementId] = useState('');
  const [chosen, setChosen] = useState<Set<string>>(new Set(['card.created', 'card.moved']));
  const toggle = (type: string, on: boolean) =>
    setChosen((old) => {
      const next = new Set(old);
      if (on) next.add(type);
      else next.delete(type);
      return next;
    });
  const form = useSubmit(async () => {
    const res = await post<Webhook & { secret: string }>('/api/webhooks', {
      url,
      engagementId: engagementId || null,
      eventTypes: types.map((t) => t.type).filter((t) => chosen.has(t)),
      description: description || undefined,
    });
    onCreated(res.secret);
    setUrl('');
    setDescription('');
    await qc.invalidateQueries({ queryKey: ['webhooks'] });
  });
  return (
    <form onSubmit={form.submit} noValidate className="webhook-form">
      <FormError message={form.message} />
      <Field
        label="Endpoint"
        type="url"
        placeholder="https://hooks.example.com/carriage"
        value={url}
        onChange={(e) => setUrl(e.target.value)}
        error={form.fields.url}
        hint="An https:// address of your own system. Each delivery is a signed POST."
      />
      <div className="grid-2">
        <div className="field">
          <label htmlFor="webhook-scope">Engagements</label>
          <select id="webhook-scope" value={engagementId} onChange={(e) => setEngagementId(e.target.value)}>
            <option value="">Every engagement I coach</option>
            {engagements.map((e) => (
              <option key={e.id} value={e.id}>
                {e.title}
              </option>
            ))}
          </select>
          {form.fields.engagementId ? <p className="field__error">{form.fields.engagementId}</p> : null}
        </div>
        <Field
          label="Description (optional)"
          placeholder="e.g. Practice CRM"
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          error={form.fields.description}
        />
      </div>
      <fieldset className="fieldset">
        <legend>Events</legend>
        {form.fields.eventTypes ? (
          <p className="field__error" role="alert">
            {form.fields.eventTypes}
          </p>
        ) : null}
        <div className="event-types">
          {groups(types).map(([group, list]) => (
            <div key={group} className="event-types__group">
              <h3 className="event-types__h">{group}</h3>
              {list.map((t) => (
                <label key={t.type} className="event-type" title={t.about}>
                  <input type="checkbox" checked={chosen.has(t.type)} onChange={(e) => toggle(t.type, e.target.checked)} />
                  <span>
                    <code>{t.type.slice(group.length + 1)}</code>
                    {/* The catalog's notes in brackets are for developers; the sentence before them is what a coach needs. */}
                    <span className="event-type__about">{t.about.replace(/\s*\(.*\)$/, '')}</span>
                  </span>
                </label>
              ))}
            </div>
          ))}
        </div>
      </fieldset>
      <button className="btn btn--primary" type="submit" disabled={form.busy}>
        Add webhook
      </button>
    </form>
  );
}

function DeliveryLog({ webhookId }: { webhookId: string }) {
  const log = useQuery({
    queryKey: ['webhooks', webhookId, 'deliveries'],
    queryFn: async () => (await get<{ deliveries: Delivery[] }>(`/api/webhooks/${webhookId}/deliveries`)).deliveries,
    refetchInterval: 10_000,
  });
  if (log.isPending) return <p className="muted small">Loading deliveries…</p>;
  if (!log.data?.length) return <p className="muted small">Nothing sent yet. Deliveries appear here as the engagement changes.</p>;
  return (
    <ol className="deliveries" aria-label="Deliveries, newest first">
      {log.data.map((d) => (
        <li key={d.id} className="delivery">
          <div className="delivery__head">
            <code>{d.eventType}</code>
            <span className={statusBadge[d.status]}>{d.status}</span>
            <span className="small muted">{when(d.createdAt)}</span>
          </div>
          <ul className="delivery__attempts">
            {d.attempts.map((a) => (
              <li key={a.attempt} className="small">
                Attempt {a.attempt}: {a.statusCode ? `HTTP ${a.statusCode}` : 'no answer'} in {a.durationMs} ms{a.error ? ` — ${a.error}` : ''}
              </li>
            ))}
            {d.nextAttemptAt ? <li className="small muted">Next attempt {when(d.nextAttemptAt)}</li> : null}
          </ul>
        </li>
      ))}
    </ol>
  );
}

/** Settings → Webhooks: a coach's endpoints for an engagement's changes, their secret shown once, and each one's delivery log. */
export function WebhooksSection() {
  const qc = useQueryClient();
  const hooks = useQuery({ queryKey: ['webhooks'], queryFn: async () => (await get<{ webhooks: Webhook[] }>('/api/webhooks')).webhooks });
  const types = useQuery({
    queryKey: ['webhook-event-types'],
    queryFn: async () => (await get<{ eventTypes: EventType[] }>('/api/webhooks/event-types')).eventTypes,
  });
  const engagements = useQuery({ queryKey: ['engagements'], queryFn: async () => (await get<{ engagements: Engagement[] }>('/api/engagements')).engagements });
  const coached = (engagements.data ?? []).filter((e) => e.myRole === 'coach');
  const [secret, setSecret] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const remove = async (id: string) => {
    await del(`/api/webhooks/${id}`);
    await qc.invalidateQueries({ queryKey: ['webhooks'] });
  };
  return (
    <section className="panel" aria-labelledby="webhooks-h">
      <h2 id="webhooks-h">Webhooks</h2>
      <p className="muted small">
        Send your engagements’ changes to your own systems. Each delivery is signed per{' '}
        <a href="https://www.standardwebhooks.com/" target="_blank" rel="noreferrer">
          Standard Webhooks
        </a>{' '}
        (<code>webhook-id</code>, <code>webhook-timestamp</code>, <code>webhook-signature</code>); failed ones are retried for about a day and a half. A webhook
        receives what you see as the coach; notes’ text is never sent.
      </p>
      {types.data ? <NewWebhookForm engagements={coached} types={types.data} onCreated={setSecret} /> : null}
      {secret ? (
        <div className="notice" role="status">
          Copy the signing secret now; it will not be shown again. Verify each delivery’s signature with it.
          <input className="copy-link" readOnly value={secret} aria-label="Signing secret" onFocus={(e) => e.target.select()} />
        </div>
      ) : null}
      <ul className="people webhooks">
        {(hooks.data ?? []).map((h) => (
          <li key={h.id} className="webhook">
            <div className="webhook__row">
              <div>
                <strong className="webhook__url">{h.url}</strong>
                <div className="small muted">
                  {h.description ? `${h.description} · ` : ''}
                  {h.engagementTitle ?? 'Every engagement you coach'} · {h.eventTypes.length} event {h.eventTypes.length === 1 ? 'type' : 'types'}
                  {h.lastDelivery ? (
                    <>
                      {' '}
                      · last delivery <span className={statusBadge[h.lastDelivery.status]}>{h.lastDelivery.status}</span>
                    </>
                  ) : null}
                </div>
              </div>
              <div className="btn-row">
                <button type="button" className="btn btn--small" aria-expanded={open === h.id} onClick={() => setOpen(open === h.id ? null : h.id)}>
                  Deliveries
                </button>
                <button type="button" className="btn btn--small btn--danger" onClick={() => void remove(h.id)}>
                  Delete
                </button>
              </div>
            </div>
            {open === h.id ? <DeliveryLog webhookId={h.id} /> : null}
          </li>
        ))}
        {hooks.data?.length === 0 ? <li className="muted small">No webhooks.</li> : null}
      </ul>
    </section>
  );
}
