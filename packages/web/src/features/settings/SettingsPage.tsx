import { useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { del, get, patch, post } from '../../api/client';
import type { User } from '../../api/types';
import { formatDate } from '../../lib/dates';
import { Field, FormError, PasswordField } from '../../ui/Field';
import { SaveRow } from '../../ui/SaveRow';
import { useSubmit } from '../auth/use-form';
import { useMe } from '../auth/use-me';
import { CalendarSection } from '../sessions/CalendarFeed';
import { TwoFactorSection } from './TwoFactorSection';
import { WebhooksSection } from './WebhooksSection';

// Invoicing details load with their section, keeping money code out of the first page.
const InvoicingSection = lazy(() => import('../invoices/InvoicingSection').then((m) => ({ default: m.InvoicingSection })));

interface ApiToken {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  prefix: string;
}

const zones = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
})();

function ProfileSection() {
  const me = useMe();
  const qc = useQueryClient();
  const [name, setName] = useState(me.data?.user.name ?? '');
  const [timeZone, setTimeZone] = useState(me.data?.user.timeZone ?? 'UTC');
  const [saved, setSaved] = useState(false);
  const form = useSubmit(async () => {
    setSaved(false);
    const user = await patch<User>('/api/auth/me', { name, timeZone });
    qc.setQueryData(['me'], (old: { user: User } | null | undefined) => (old ? { ...old, user } : old));
    setSaved(true);
  });
  return (
    <section className="panel" aria-labelledby="profile-h">
      <h2 id="profile-h">Profile</h2>
      <form onSubmit={form.submit} noValidate>
        <FormError message={form.message} />
        <Field label="Name" value={name} onChange={(e) => setName(e.target.value)} error={form.fields.name} />
        <div className="field">
          <label htmlFor="tz">Time zone</label>
          <select id="tz" value={timeZone} onChange={(e) => setTimeZone(e.target.value)}>
            {(zones.includes(timeZone) ? zones : [timeZone, ...zones]).map((z) => (
              <option key={z} value={z}>
                {z.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
          <p className="field__hint">Sessions are shown in this time zone; a coach’s recurring sessions follow it.</p>
        </div>
        <SaveRow busy={form.busy} label="Save profile" status={saved && 'Saved.'} />
      </form>
    </section>
  );
}

/** What a password change says it ended, in words. */
function changedMessage(r: { otherSessionsEnded: number; apiTokensRevoked: number }): string {
  const parts = [
    r.otherSessionsEnded === 0
      ? 'No other device was logged in.'
      : `${r.otherSessionsEnded === 1 ? 'One other device was' : `${r.otherSessionsEnded} other devices were`} logged out.`,
  ];
  if (r.apiTokensRevoked > 0) parts.push(`${r.apiTokensRevoked === 1 ? 'Your API token was' : `Your ${r.apiTokensRevoked} API tokens were`} revoked.`);
  return `Password changed. ${parts.join(' ')}`;
}

function PasswordSection() {
  const qc = useQueryClient();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [endApiTokens, setEndApiTokens] = useState(true);
  const [done, setDone] = useState<string | null>(null);
  const form = useSubmit(async () => {
    setDone(null);
    const res = await post<{ otherSessionsEnded: number; apiTokensRevoked: number }>('/api/auth/password', { currentPassword, newPassword, endApiTokens });
    setCurrent('');
    setNew('');
    setDone(changedMessage(res));
    if (res.apiTokensRevoked > 0) await qc.invalidateQueries({ queryKey: ['api-tokens'] });
  });
  return (
    <section className="panel" aria-labelledby="password-h">
      <h2 id="password-h">Password</h2>
      <form onSubmit={form.submit} noValidate>
        <FormError message={form.message} />
        <PasswordField label="Current password" value={currentPassword} onChange={(e) => setCurrent(e.target.value)} error={form.fields.currentPassword} />
        <PasswordField
          label="New password"
          fresh
          value={newPassword}
          onChange={(e) => setNew(e.target.value)}
          error={form.fields.newPassword}
          hint="At least 10 characters. Every other device is logged out, and reset links not yet used stop working."
        />
        <label className="check">
          <input type="checkbox" checked={endApiTokens} onChange={(e) => setEndApiTokens(e.target.checked)} />
          Also revoke my API tokens (scripts and integrations using them stop working until you give them new ones)
        </label>
        <SaveRow busy={form.busy} label="Change password" status={done} />
      </form>
    </section>
  );
}

function TokensSection() {
  const qc = useQueryClient();
  const tokens = useQuery({ queryKey: ['api-tokens'], queryFn: async () => (await get<{ tokens: ApiToken[] }>('/api/auth/tokens')).tokens });
  const [name, setName] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const form = useSubmit(async () => {
    const res = await post<ApiToken & { token: string }>('/api/auth/tokens', { name });
    setCreated(res.token);
    setName('');
    await qc.invalidateQueries({ queryKey: ['api-tokens'] });
  });
  const revoke = async (id: string) => {
    await del(`/api/auth/tokens/${id}`);
    await qc.invalidateQueries({ queryKey: ['api-tokens'] });
  };
  return (
    <section className="panel" aria-labelledby="tokens-h">
      <h2 id="tokens-h">API tokens</h2>
      <p className="muted small">
        For scripts and integrations: send <code>Authorization: Bearer &lt;token&gt;</code>. The API is described at{' '}
        <a href="/api/docs" target="_blank" rel="noreferrer">
          /api/docs
        </a>
        .
      </p>
      <form onSubmit={form.submit} noValidate className="inline-form">
        <Field label="Token name" placeholder="e.g. Reporting script" value={name} onChange={(e) => setName(e.target.value)} error={form.fields.name} />
        <button className="btn" type="submit" disabled={form.busy}>
          Create token
        </button>
      </form>
      {created ? (
        <div className="notice" role="status">
          Copy this token now; it will not be shown again.
          <input className="copy-link" readOnly value={created} aria-label="New API token" onFocus={(e) => e.target.select()} />
        </div>
      ) : null}
      <ul className="people">
        {(tokens.data ?? []).map((t) => (
          <li key={t.id}>
            <div>
              <strong>{t.name}</strong>
              <div className="small muted">
                {t.prefix}… · created {formatDate(t.createdAt)} · {t.lastUsedAt ? `last used ${formatDate(t.lastUsedAt)}` : 'never used'}
              </div>
            </div>
            <button type="button" className="btn btn--small btn--danger" onClick={() => void revoke(t.id)}>
              Revoke
            </button>
          </li>
        ))}
        {tokens.data?.length === 0 ? <li className="muted small">No tokens.</li> : null}
      </ul>
    </section>
  );
}

/** Settings: profile and time zone, password, two-factor authentication, API tokens, webhooks, and sections other features add (calendar feed). */
export function SettingsPage() {
  return (
    <section className="page page--narrow">
      <header className="page__header">
        <h1>Settings</h1>
      </header>
      <div className="stack-lg">
        <ProfileSection />
        <PasswordSection />
        <TwoFactorSection />
        <CalendarSection />
        <Suspense fallback={<div aria-busy="true" />}>
          <InvoicingSection />
        </Suspense>
        <TokensSection />
        <WebhooksSection />
      </div>
    </section>
  );
}
