import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError, get, post } from '../../api/client';
import { FormError } from '../../ui/Field';
import { AuthFrame } from '../../ui/Layout';
import { useMe } from '../auth/use-me';
import { roleLabel } from './format';

const KEY = 'carriage.invitation';

/** Where an invitee lands from the emailed link: see what it is for, sign up or log in, and join. */
export function InvitationPage() {
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (fromHash) sessionStorage.setItem(KEY, fromHash);
  const token = fromHash ?? sessionStorage.getItem(KEY) ?? '';
  const me = useMe();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [asked, setAsked] = useState(false);
  const [busy, setBusy] = useState(false);
  const info = useQuery({
    queryKey: ['invitation', token],
    queryFn: () => get<{ engagementTitle: string; role: string; invitedBy: string; email: string }>(`/api/invitations/${token}/preview`),
    enabled: !!token,
    retry: false,
  });
  const join = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await post<{ engagementId: string }>(`/api/invitations/${token}/accept`);
      sessionStorage.removeItem(KEY);
      await qc.invalidateQueries({ queryKey: ['engagements'] });
      navigate(`/e/${res.engagementId}`, { replace: true });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Joining failed. Please try again.');
    } finally {
      setBusy(false);
    }
  };
  const askCoach = async () => {
    setBusy(true);
    setError(null);
    try {
      await post(`/api/invitations/${token}/request`);
      setAsked(true);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Asking failed. Please try again.');
    } finally {
      setBusy(false);
    }
  };
  const switchAccount = async () => {
    await post('/api/auth/logout').catch(() => {});
    qc.setQueryData(['me'], null);
  };
  if (!token) {
    return (
      <AuthFrame title="Invitation">
        <FormError message="This invitation link is incomplete. Open the link from the email again." />
      </AuthFrame>
    );
  }
  if (info.error) {
    return (
      <AuthFrame title="Invitation" footer={<Link to="/">Go to your engagements</Link>}>
        <FormError message={info.error instanceof ApiError ? info.error.message : 'This invitation can’t be opened.'} />
      </AuthFrame>
    );
  }
  const d = info.data;
  return (
    <AuthFrame title="You’re invited">
      {d ? (
        <p className="lead">
          <strong>{d.invitedBy}</strong> invited you to <strong>{d.engagementTitle}</strong> as {roleLabel[d.role]?.toLowerCase() ?? d.role}.
        </p>
      ) : (
        <p className="muted">Loading the invitation…</p>
      )}
      <FormError message={error} />
      {me.data && d && me.data.user.email !== d.email ? (
        asked ? (
          <div className="notice invitation-mismatch" role="status">
            We asked {d.invitedBy} to let you join as {me.data.user.email}. Once they do, the engagement appears in <Link to="/">your engagements</Link>.
          </div>
        ) : (
          <div className="stack invitation-mismatch">
            <p>
              This invitation is for <strong>{d.email}</strong>. You are logged in as <strong>{me.data.user.email}</strong>.
            </p>
            <p className="small muted">
              Only the invited address can join with it. Log in with that address, or ask {d.invitedBy} to let this account join instead.
            </p>
            <button type="button" className="btn btn--primary btn--block" onClick={() => void switchAccount()} disabled={busy}>
              Log out and use the invited address
            </button>
            <button type="button" className="btn btn--block" onClick={() => void askCoach()} disabled={busy}>
              Ask {d.invitedBy} to let this account join
            </button>
          </div>
        )
      ) : me.data ? (
        <>
          <p className="muted small">You are logged in as {me.data.user.email}.</p>
          <button type="button" className="btn btn--primary btn--block" onClick={join} disabled={busy || !d}>
            {busy ? 'Joining…' : 'Join the engagement'}
          </button>
        </>
      ) : (
        <div className="stack">
          <Link className="btn btn--primary btn--block" to="/signup?next=/invitation">
            Create an account to join
          </Link>
          <Link className="btn btn--block" to="/login?next=/invitation">
            I already have an account
          </Link>
        </div>
      )}
    </AuthFrame>
  );
}
