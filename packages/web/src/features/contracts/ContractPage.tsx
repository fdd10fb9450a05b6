import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, post } from '../../api/client';
import type { Engagement } from '../../api/types';
import { FormError } from '../../ui/Field';
import { formatDate, formatDateTime } from '../engagements/format';
import { canDo } from '../engagements/use-engagement';
import { MeasureHistoryPanel } from '../measures/MeasureHistoryPanel';
import { AuditTrail } from './AuditTrail';
import { ContractDocument } from './ContractDocument';
import { ContractEditor, type ContractEditorHandle } from './ContractEditor';
import { type Contract, contractKeys, isSigned, kindLabel, statusBadgeClass, statusLabels, useContract } from './contracts-api';
import { SignPanel } from './SignPanel';

function Changes({ c }: { c: Contract }) {
  if (c.kind !== 'amendment') return null;
  return (
    <section className="panel" aria-labelledby="changes-heading">
      <h2 id="changes-heading">What changed since version {c.version - 1}</h2>
      {c.changes.length === 0 ? <p className="muted">Nothing yet: this version reads like the previous one.</p> : null}
      <ul className="change-list">
        {c.changes.map((ch, i) => (
          <li key={`${ch.field}-${i.toString()}`}>
            <strong>{ch.label}</strong>
            {ch.before ? <del>{ch.before}</del> : null}
            {ch.after ? <ins>{ch.after}</ins> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Signers({ c }: { c: Contract }) {
  return (
    <section className="panel" aria-labelledby="signers-heading">
      <h2 id="signers-heading">Signers</h2>
      <ul className="signer-list">
        {c.signers.map((s) => (
          <li key={s.userId}>
            <span>
              <strong>{s.name}</strong> <span className="muted">({s.role})</span>
            </span>
            {s.signedAt ? (
              <span className="badge badge--ok">Signed {formatDate(s.signedAt)}</span>
            ) : s.declinedAt ? (
              <span className="badge badge--danger">Declined</span>
            ) : (
              <span className="badge badge--muted">{c.status === 'sent' ? 'Awaiting signature' : 'Not signed'}</span>
            )}
          </li>
        ))}
      </ul>
      {c.declinedReason ? <p className="small">Reason given: “{c.declinedReason}”</p> : null}
    </section>
  );
}

/** One contract: edit (draft, coach), preview as the signer sees it, sign, PDF, audit trail and what follows. */
export function ContractPage({ e }: { e: Engagement }) {
  const { contractId = '' } = useParams();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const q = useContract(contractId);
  const status = q.data?.status;
  useEffect(() => {
    // Opening a contract that awaits signatures notes the view in its audit trail (once per member; the server decides).
    if (status !== 'sent') return;
    post(`/api/contracts/${contractId}/viewed`)
      .then(() => qc.invalidateQueries({ queryKey: contractKeys.audit(contractId) }))
      .catch(() => {});
  }, [contractId, status, qc]);
  const [mode, setMode] = useState<'edit' | 'preview'>('edit');
  // A refusal is shown beside the button that was pressed.
  const [failure, setFailure] = useState<{ at: string; message: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const editor = useRef<ContractEditorHandle | null>(null);
  const [draft, setDraft] = useState<{ dirty: boolean; missing: string[] } | null>(null);
  if (q.isPending) return <div className="loading" aria-busy="true" />;
  if (q.error || !q.data) {
    return (
      <div className="empty">
        <p>This contract was not found.</p>
        <Link to="..">All contracts</Link>
      </div>
    );
  }
  const c = q.data;
  const manage = canDo(e, 'contract.manage');
  const editing = manage && c.status === 'draft' && mode === 'edit';
  // While editing, what the draft lacks is read from the form as typed, not from the last save.
  const unsaved = editing && (draft?.dirty ?? false);
  const missing = editing && draft ? draft.missing : Object.values(c.missingToSend);

  const act = async (at: string, fn: () => Promise<Contract | unknown>, done?: (r: unknown) => void) => {
    setBusy(true);
    setFailure(null);
    setNotice(null);
    try {
      const r = await fn();
      await Promise.all([
        qc.invalidateQueries({ queryKey: contractKeys.one(c.id) }),
        qc.invalidateQueries({ queryKey: contractKeys.list(e.id) }),
        qc.invalidateQueries({ queryKey: ['engagement', e.id] }),
      ]);
      done?.(r);
    } catch (err) {
      setFailure({ at, message: err instanceof ApiError ? err.message : 'That did not work. Please try again.' });
      if (err instanceof ApiError && Object.keys(err.fields).length > 0) editor.current?.showErrors(err.fields);
    } finally {
      setBusy(false);
    }
  };
  const goTo = (r: unknown) => navigate(`../${(r as Contract).id}`, { relative: 'path' });
  const failedAt = (at: string) => (failure?.at === at ? <FormError message={failure.message} /> : null);
  /** Saves what was typed first; an action never runs on an older version than the one on screen. */
  const saveFirst = async (at: string, what: string): Promise<boolean> => {
    if (!unsaved || !editor.current) return true;
    setFailure(null);
    setBusy(true);
    const ok = await editor.current.save();
    setBusy(false);
    if (!ok)
      setFailure({ at, message: `Your changes could not be saved, so the contract was not ${what}. Fix the fields marked in the form, then try again.` });
    return ok;
  };
  const send = async () => {
    if (await saveFirst('send', 'sent')) await act('send', () => post(`/api/contracts/${c.id}/send`));
  };
  const togglePreview = async () => {
    if (mode === 'edit' && !(await saveFirst('preview', 'previewed'))) return;
    setMode(mode === 'edit' ? 'preview' : 'edit');
  };

  return (
    <div className="contract-page">
      <div className="page__header">
        <div>
          <Link to=".." relative="path" className="small">
            ← All contracts
          </Link>
          <h2 className="contract-page__title">{c.title}</h2>
          <p className="btn-row">
            <span className={statusBadgeClass(c.status)} data-testid="contract-status">
              {statusLabels[c.status]}
            </span>
            <span className="muted small">
              {kindLabel(c)} · {formatDate(c.startsOn)} – {formatDate(c.endsOn)}
              {c.sessionsIncluded ? ` · ${c.sessionsIncluded} sessions included` : ''}
            </span>
          </p>
        </div>
        <div className="btn-row">
          {isSigned(c.status) ? (
            <a className="btn" href={`/api/contracts/${c.id}/pdf`} download>
              Download PDF
            </a>
          ) : null}
          {manage && c.status === 'draft' ? (
            <button type="button" className="btn" disabled={busy} onClick={togglePreview}>
              {mode === 'edit' ? 'Preview as the signer sees it' : 'Back to editing'}
            </button>
          ) : null}
        </div>
      </div>
      {failedAt('preview')}
      {notice ? (
        <div className="notice" role="status">
          {notice}
        </div>
      ) : null}
      {c.nextId ? (
        <div className="warning">
          A newer contract follows this one.{' '}
          <Link to={`../${c.nextId}`} relative="path">
            Open it
          </Link>
        </div>
      ) : null}

      <div className="contract-layout">
        <div className="stack-lg">
          {editing ? <ContractEditor key={c.id} e={e} contract={c} handle={editor} onDraftChange={setDraft} /> : <ContractDocument c={c} />}
        </div>
        <aside className="stack-lg contract-side">
          {manage && c.status === 'draft' ? (
            <section className="panel" aria-labelledby="send-heading">
              <h2 id="send-heading">Send for signature</h2>
              {missing.length ? (
                <>
                  <p className="small">Before it can be sent:</p>
                  <ul className="small missing-list">
                    {missing.map((m) => (
                      <li key={m}>{m}</li>
                    ))}
                  </ul>
                </>
              ) : (
                <p className="small muted">Once sent, the text is fixed: every signer signs exactly what you see in the preview.</p>
              )}
              {unsaved ? <p className="small">Your latest edits are not saved yet: sending saves them first, so signers get exactly what you see.</p> : null}
              <div className="btn-row">
                <button type="button" className="btn btn--primary" disabled={busy || missing.length > 0} onClick={send}>
                  {unsaved ? 'Save and send for signature' : 'Send for signature'}
                </button>
                <button
                  type="button"
                  className="btn btn--ghost btn--small"
                  disabled={busy}
                  onClick={() => act('withdraw-draft', () => post(`/api/contracts/${c.id}/withdraw`))}
                >
                  Withdraw draft
                </button>
              </div>
              {failedAt('send')}
              {failedAt('withdraw-draft')}
            </section>
          ) : null}
          {c.status === 'sent' && c.mySignature === 'to_sign' ? <SignPanel c={c} /> : null}
          {canDo(e, 'checkin.read') ? <MeasureHistoryPanel engagementId={e.id} goals={c.content.goals} /> : null}
          {c.status !== 'draft' ? <Signers c={c} /> : null}
          {manage && c.status === 'sent' ? (
            <button
              type="button"
              className="btn btn--ghost"
              disabled={busy}
              onClick={() => {
                if (window.confirm('Withdraw this contract? Nobody can sign it any more; you can revise it as a new version.'))
                  void act('withdraw', () => post(`/api/contracts/${c.id}/withdraw`));
              }}
            >
              Withdraw
            </button>
          ) : null}
          {failedAt('withdraw')}
          {isSigned(c.status) ? (
            <section className="panel" aria-labelledby="proof-heading">
              <h2 id="proof-heading">Proof</h2>
              <p className="small">Signed by every signer {formatDateTime(c.signedAt)}. Content fingerprint (SHA-256):</p>
              <p className="hash">{c.contentSha256}</p>
              <Link to="/verify" className="small">
                Verify a copy of the PDF
              </Link>
            </section>
          ) : null}
          {manage && (c.status === 'signed' || c.status === 'active') ? (
            <section className="panel" aria-labelledby="next-heading">
              <h2 id="next-heading">Put it to work</h2>
              <p className="small muted">
                {c.deliverablesOnBoard} of {c.content.deliverables.length} deliverables are on the board.
              </p>
              <div className="stack">
                <button
                  type="button"
                  className="btn btn--primary"
                  disabled={busy}
                  onClick={() =>
                    act(
                      'next',
                      () => post<{ created: number; alreadyOnBoard: number }>(`/api/contracts/${c.id}/cards`),
                      (r) => {
                        const res = r as { created: number };
                        setNotice(
                          res.created
                            ? `${res.created} card${res.created === 1 ? '' : 's'} added to To Do on the board.`
                            : 'Everything is already on the board.',
                        );
                      },
                    )
                  }
                >
                  Put deliverables on the board
                </button>
                {notice && canDo(e, 'board.read') ? (
                  <Link to="../../board" relative="path">
                    Open the board
                  </Link>
                ) : null}
                <button type="button" className="btn" disabled={busy} onClick={() => act('next', () => post(`/api/contracts/${c.id}/versions`), goTo)}>
                  Amend (new version)
                </button>
              </div>
              {failedAt('next')}
            </section>
          ) : null}
          {manage && (c.status === 'signed' || c.status === 'active' || c.status === 'ended') && !c.nextId ? (
            <section className="panel" aria-labelledby="renew-heading">
              <h2 id="renew-heading">Renew</h2>
              <p className="small muted">
                Draft the next plan from {formatDate(c.endsOn)}, carrying unfinished goals and deliverables forward, and each goal whose number is short of its
                target with its measure and history.
              </p>
              <div className="btn-row">
                {[30, 60, 90].map((days) => (
                  <button
                    key={days}
                    type="button"
                    className="btn btn--small"
                    disabled={busy}
                    onClick={() => act('renew', () => post(`/api/contracts/${c.id}/renew`, { days }), goTo)}
                  >
                    {days} days
                  </button>
                ))}
              </div>
              {failedAt('renew')}
            </section>
          ) : null}
          {manage && (c.status === 'declined' || c.status === 'withdrawn') && !c.nextId ? (
            <button
              type="button"
              className="btn btn--primary"
              disabled={busy}
              onClick={() => act('revise', () => post(`/api/contracts/${c.id}/versions`), goTo)}
            >
              Revise as a new version
            </button>
          ) : null}
          {failedAt('revise')}
        </aside>
      </div>
      <Changes c={c} />
      <AuditTrail contractId={c.id} />
    </div>
  );
}
