import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation, useOutletContext } from 'react-router';
import { del, get, post } from '../../api/client';
import type { Engagement, Invitation } from '../../api/types';
import { Field, FormError } from '../../ui/Field';
import { useSubmit } from '../auth/use-form';
import { useMe } from '../auth/use-me';
import { EngagementSettings } from './EngagementSettings';
import { formatDate, roleLabel } from './format';
import { canDo, engagementKeys, useMembers } from './use-engagement';

/** Members with their roles; the coach invites, resends, revokes and removes. */
export function PeopleTab() {
  const e = useOutletContext<Engagement>();
  const me = useMe();
  const qc = useQueryClient();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const members = useMembers(e.id);
  const manage = canDo(e, 'invitation.manage');
  const invitations = useQuery({
    queryKey: engagementKeys.invitations(e.id),
    queryFn: async () => (await get<{ invitations: Invitation[] }>(`/api/engagements/${e.id}/invitations`)).invitations,
    enabled: manage,
  });
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<'coachee' | 'sponsor'>('coachee');
  const [lastLink, setLastLink] = useState<string | null>(null);
  const refresh = () =>
    Promise.all([qc.invalidateQueries({ queryKey: engagementKeys.invitations(e.id) }), qc.invalidateQueries({ queryKey: engagementKeys.members(e.id) })]);
  const invite = useSubmit(async () => {
    const res = await post<Invitation & { url: string }>(`/api/engagements/${e.id}/invitations`, { email, role, name: name || undefined });
    setLastLink(res.url);
    setEmail('');
    setName('');
    await refresh();
  });
  const [rowError, setRowError] = useState<string | null>(null);
  const act = async (fn: () => Promise<unknown>) => {
    setRowError(null);
    try {
      await fn();
      await refresh();
    } catch (err) {
      setRowError((err as Error).message);
    }
  };
  const pending = (invitations.data ?? []).filter((i) => i.status === 'pending' || i.status === 'expired');
  return (
    <section className="tab-page">
      {notice ? (
        <div className="notice" role="status">
          {notice}
        </div>
      ) : null}
      <FormError message={rowError} />
      <div className="grid-2">
        <div className="panel">
          <h2>Members</h2>
          <ul className="people">
            {(members.data ?? []).map((m) => (
              <li key={m.userId}>
                <div>
                  <strong>{m.name}</strong>
                  {m.userId === me.data?.user.id ? <span className="muted"> (you)</span> : null}
                  <div className="small muted">{m.email}</div>
                </div>
                <div className="btn-row">
                  <span className="badge badge--muted">{roleLabel[m.role]}</span>
                  {canDo(e, 'member.remove') && m.role !== 'coach' ? (
                    <button
                      type="button"
                      className="btn btn--small btn--danger"
                      onClick={() => {
                        if (window.confirm(`Remove ${m.name}? They lose access to this engagement at once.`))
                          void act(() => del(`/api/engagements/${e.id}/members/${m.userId}`));
                      }}
                    >
                      Remove
                    </button>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        </div>
        {manage ? (
          <div className="panel">
            <h2>Invite someone</h2>
            <form onSubmit={invite.submit} noValidate>
              <FormError message={invite.message} />
              <Field label="Email" type="email" value={email} onChange={(ev) => setEmail(ev.target.value)} error={invite.fields.email} />
              <Field label="Name (optional)" value={name} onChange={(ev) => setName(ev.target.value)} error={invite.fields.name} />
              <div className="field">
                <label htmlFor="invite-role">Role</label>
                <select id="invite-role" value={role} onChange={(ev) => setRole(ev.target.value as 'coachee' | 'sponsor')}>
                  <option value="coachee">Coachee — works on the board and in sessions</option>
                  <option value="sponsor">Sponsor — sees goals, contract and results</option>
                </select>
              </div>
              <button className="btn btn--primary" type="submit" disabled={invite.busy}>
                Send invitation
              </button>
            </form>
            {lastLink ? (
              <div className="notice" role="status">
                Invitation sent. You can also share this link directly:{' '}
                <input className="copy-link" readOnly value={lastLink} aria-label="Invitation link" onFocus={(ev) => ev.target.select()} />
              </div>
            ) : null}
            <h3 className="mt">Pending invitations</h3>
            {pending.length === 0 ? <p className="muted small">None.</p> : null}
            <ul className="people">
              {pending.map((i) => (
                <li key={i.id} className={i.joinRequest ? 'people__request' : undefined}>
                  <div>
                    <strong>{i.name || i.email}</strong>
                    <div className="small muted">
                      {i.name ? `${i.email} · ` : ''}
                      {roleLabel[i.role]} · {i.status === 'expired' ? 'expired' : `expires ${formatDate(i.expiresAt)}`}
                    </div>
                    {i.joinRequest ? (
                      <div className="small">
                        <strong>{i.joinRequest.name}</strong> ({i.joinRequest.email}) opened this invitation and asked to join with that address instead.
                      </div>
                    ) : null}
                  </div>
                  <div className="btn-row">
                    {i.joinRequest ? (
                      <button
                        type="button"
                        className="btn btn--small btn--primary"
                        onClick={() =>
                          void act(async () => {
                            await post(`/api/invitations/${i.id}/approve`);
                            // The header names the other party, which is now this person.
                            await qc.invalidateQueries({ queryKey: engagementKeys.one(e.id), exact: true });
                          })
                        }
                      >
                        Let {i.joinRequest.name} join
                      </button>
                    ) : null}
                    <button type="button" className="btn btn--small" onClick={() => void act(() => post(`/api/invitations/${i.id}/resend`))}>
                      Resend
                    </button>
                    <button type="button" className="btn btn--small btn--danger" onClick={() => void act(() => del(`/api/invitations/${i.id}`))}>
                      Revoke
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
      {canDo(e, 'engagement.update') ? (
        <div className="mt">
          <EngagementSettings engagement={e} />
        </div>
      ) : null}
    </section>
  );
}
