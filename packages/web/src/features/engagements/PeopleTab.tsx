import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation, useOutletContext } from 'react-router';
import { del, get, post } from '../../api/client';
import type { Engagement, Invitation, InvitationLinks, IssuedInvitation } from '../../api/types';
import { CopyLink, copyText } from '../../ui/CopyLink';
import { Field, FormError } from '../../ui/Field';
import { useSubmit } from '../auth/use-form';
import { useMe } from '../auth/use-me';
import { ImportPanel } from '../imports/ImportPanel';
import { EngagementSettings } from './EngagementSettings';
import { FailedJobs } from './FailedJobs';
import { formatDate, roleLabel } from './format';
import { canDo, engagementKeys, useMembers } from './use-engagement';

/** Where invitations just made can be copied from, and what to do with them: said once, after creating. */
function JustInvited({ invited }: { invited: InvitationLinks }) {
  if (invited.links.length === 0) return null;
  return (
    <section className="panel invite-links" aria-labelledby="invite-links-heading">
      <h2 id="invite-links-heading">Invitation links</h2>
      <p className="small">
        {invited.emailed
          ? 'Each person was emailed their link. You can also send it yourself:'
          : 'Email is not set up on this server, so nobody was emailed. Copy each link and send it to the person yourself:'}
      </p>
      <ul className="link-list">
        {invited.links.map((l) => (
          <li key={l.url}>
            <strong>{l.who}</strong>
            <CopyLink url={l.url} label={`Invitation link for ${l.who}`} copyLabel={`Copy link for ${l.who}`} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Members with their roles; the coach invites, copies links, resends, revokes and removes. */
export function PeopleTab() {
  const e = useOutletContext<Engagement>();
  const me = useMe();
  const qc = useQueryClient();
  const location = useLocation();
  const state = location.state as { notice?: string; invited?: InvitationLinks } | null;
  const notice = state?.notice;
  const members = useMembers(e.id);
  const manage = canDo(e, 'invitation.manage');
  const invitations = useQuery({
    queryKey: engagementKeys.invitations(e.id),
    queryFn: () => get<{ invitations: Invitation[]; emailConfigured: boolean }>(`/api/engagements/${e.id}/invitations`),
    enabled: manage,
  });
  const emailConfigured = invitations.data?.emailConfigured ?? true;
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<'coachee' | 'sponsor'>('coachee');
  const [last, setLast] = useState<IssuedInvitation | null>(null);
  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: engagementKeys.invitations(e.id) }),
      qc.invalidateQueries({ queryKey: engagementKeys.members(e.id) }),
      qc.invalidateQueries({ queryKey: engagementKeys.failedJobs(e.id) }),
    ]);
  const invite = useSubmit(async () => {
    const res = await post<IssuedInvitation>(`/api/engagements/${e.id}/invitations`, { email, role, name: name || undefined });
    setLast(res);
    setEmail('');
    setName('');
    await refresh();
  });
  // Per pending invitation: a fresh link to copy, or why a button did not work, shown in its row.
  const [links, setLinks] = useState<Record<string, { url: string; copied: boolean }>>({});
  const [rowError, setRowError] = useState<{ id: string; message: string } | null>(null);
  const act = async (id: string, fn: () => Promise<unknown>) => {
    setRowError(null);
    try {
      await fn();
      await refresh();
    } catch (err) {
      setRowError({ id, message: (err as Error).message });
    }
  };
  const freshLink = (i: Invitation) =>
    act(i.id, async () => {
      const res = await post<IssuedInvitation>(`/api/invitations/${i.id}/link`);
      setLinks((l) => ({ ...l, [i.id]: { url: res.url, copied: false } }));
      const copied = await copyText(res.url);
      setLinks((l) => ({ ...l, [i.id]: { url: res.url, copied } }));
    });
  const pending = (invitations.data?.invitations ?? []).filter((i) => i.status === 'pending' || i.status === 'expired');
  return (
    <section className="tab-page">
      {notice ? (
        <div className="notice" role="status">
          {notice}
        </div>
      ) : null}
      {manage && state?.invited ? <JustInvited invited={state.invited} /> : null}
      {rowError?.id === 'member' ? <FormError message={rowError.message} /> : null}
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
                          void act('member', () => del(`/api/engagements/${e.id}/members/${m.userId}`));
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
            {!emailConfigured ? (
              <p className="warning small" data-testid="email-off">
                Email is not set up on this server (SMTP_URL is not set), so invitations are not emailed. Create the invitation, then copy its link and send it
                to the person yourself.
              </p>
            ) : null}
            <form onSubmit={invite.submit} noValidate>
              <Field label="Email" type="email" value={email} onChange={(ev) => setEmail(ev.target.value)} error={invite.fields.email} />
              <Field label="Name (optional)" value={name} onChange={(ev) => setName(ev.target.value)} error={invite.fields.name} />
              <div className="field">
                <label htmlFor="invite-role">Role</label>
                <select id="invite-role" value={role} onChange={(ev) => setRole(ev.target.value as 'coachee' | 'sponsor')}>
                  <option value="coachee">Coachee — works on the board and in sessions</option>
                  <option value="sponsor">Sponsor — sees goals, contract and results</option>
                </select>
              </div>
              <div className="btn-row">
                <button className="btn btn--primary" type="submit" disabled={invite.busy}>
                  {emailConfigured ? 'Send invitation' : 'Create invitation link'}
                </button>
              </div>
              <FormError message={invite.message} />
            </form>
            {last ? (
              <div className="notice" role="status">
                {last.emailed
                  ? `Invitation emailed to ${last.email}. You can also send the link yourself:`
                  : `Invitation created for ${last.email}. Nothing was emailed: copy the link and send it yourself.`}
                <CopyLink url={last.url} label={`Invitation link for ${last.name || last.email}`} copyLabel={`Copy link for ${last.name || last.email}`} />
              </div>
            ) : null}
            <h3 className="mt">Pending invitations</h3>
            {pending.length === 0 ? <p className="muted small">None.</p> : null}
            <ul className="people">
              {pending.map((i) => (
                <li key={i.id} className="people__invitation">
                  <div className="people__row">
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
                            void act(i.id, async () => {
                              await post(`/api/invitations/${i.id}/approve`);
                              // The header names the other party, which is now this person.
                              await qc.invalidateQueries({ queryKey: engagementKeys.one(e.id), exact: true });
                            })
                          }
                        >
                          Let {i.joinRequest.name} join
                        </button>
                      ) : null}
                      <button
                        type="button"
                        className="btn btn--small"
                        onClick={() => void freshLink(i)}
                        aria-label={`Copy a new link for ${i.name || i.email}`}
                      >
                        Copy a new link
                      </button>
                      {emailConfigured ? (
                        <button type="button" className="btn btn--small" onClick={() => void act(i.id, () => post(`/api/invitations/${i.id}/resend`))}>
                          Email again
                        </button>
                      ) : null}
                      <button type="button" className="btn btn--small btn--danger" onClick={() => void act(i.id, () => del(`/api/invitations/${i.id}`))}>
                        Revoke
                      </button>
                    </div>
                  </div>
                  {links[i.id] ? (
                    <div className="small people__fresh">
                      A new link: the one sent before no longer works.
                      <CopyLink
                        key={`${links[i.id].url}-${links[i.id].copied}`}
                        url={links[i.id].url}
                        label={`Invitation link for ${i.name || i.email}`}
                        copyLabel={`Copy link for ${i.name || i.email}`}
                        copied={links[i.id].copied || null}
                      />
                    </div>
                  ) : null}
                  {rowError?.id === i.id ? <FormError message={rowError.message} /> : null}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
      {canDo(e, 'jobs.read') ? <FailedJobs engagementId={e.id} /> : null}
      {canDo(e, 'engagement.update') ? (
        <div className="mt">
          <EngagementSettings engagement={e} />
        </div>
      ) : null}
      {canDo(e, 'board.import') ? (
        <div className="mt">
          <ImportPanel engagementId={e.id} />
        </div>
      ) : null}
    </section>
  );
}
