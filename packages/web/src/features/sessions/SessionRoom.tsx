import { nextStage, type SessionStage, sessionStages, stageLabels } from '@carriage/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, post, put } from '../../api/client';
import type { Engagement } from '../../api/types';
import { useMe } from '../auth/use-me';
import { useBoard } from '../board/board-data';
import { canDo } from '../engagements/use-engagement';
import { SessionCheckIns } from '../measures/CheckInPage';
import '../measures/measures.css';
import { VerifyStep, WifleStep } from './CheckpointSteps';
import { RecapView } from './RecapView';
import { sessionWhen, statusLabel } from './session-format';
import { type Note, type SessionDetail, sessionKeys, useNotes, useSession } from './sessions-api';
import { CommitmentsStep, InProgressStep, PullStep } from './WorkSteps';

const stageHelp: Record<SessionStage, string> = {
  wifle: 'Clear the air first.',
  verify: 'Accept what is done, or send it back.',
  in_progress: 'Record progress; raise or clear roadblocks.',
  pull: 'Pull new work within the WIP limit.',
  commitments: 'Agree owners and due dates.',
  recap: 'What this session produced.',
};

/** One note box that keeps what you type while the other person's changes arrive. */
function NoteBox({ label, note, hint, onSave }: { label: string; note: Note | undefined; hint: string; onSave: (body: string) => Promise<void> }) {
  const [body, setBody] = useState(note?.body ?? '');
  const [dirty, setDirty] = useState(false);
  const [state, setState] = useState<string | null>(null);
  const typing = useRef(false);
  // The other person's saved notes replace the box only while you are not typing in it.
  useEffect(() => {
    if (!typing.current) setBody(note?.body ?? '');
  }, [note?.body]);
  const id = `note-${label.toLowerCase().replace(/\W+/g, '-')}`;
  const save = async () => {
    setState('Saving…');
    typing.current = false;
    try {
      await onSave(body);
      setDirty(false);
      setState('Saved.');
    } catch (err) {
      setState(err instanceof ApiError ? err.message : 'Not saved. Try again.');
    }
  };
  return (
    <div className="field note-box">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        rows={6}
        value={body}
        onChange={(e) => {
          setBody(e.target.value);
          setDirty(true);
          typing.current = true;
          setState(null);
        }}
        onBlur={() => (dirty ? void save() : undefined)}
      />
      <p className="field__hint">
        {state ?? hint}
        {note?.updatedBy && !state ? ` Last saved by ${note.updatedBy}.` : ''}
      </p>
      <div className="btn-row">
        <button type="button" className="btn btn--small" onClick={() => void save()} disabled={!dirty}>
          Save {label.toLowerCase()}
        </button>
      </div>
    </div>
  );
}

function Notes({ engagement, session }: { engagement: Engagement; session: SessionDetail }) {
  const qc = useQueryClient();
  const notes = useNotes(engagement.id, session.id, true);
  const save = (which: 'shared' | 'private') => async (body: string) => {
    const saved = await put<{ shared: Note; private?: Note }>(`/api/sessions/${session.id}/notes`, { [which]: body });
    qc.setQueryData(sessionKeys.notes(engagement.id, session.id), saved);
  };
  return (
    <aside className="room__notes" aria-label="Notes">
      <NoteBox label="Shared notes" note={notes.data?.shared} hint="Seen by the coach and the coachees; part of the recap." onSave={save('shared')} />
      {canDo(engagement, 'session.notes.private') ? (
        <NoteBox label="Private notes" note={notes.data?.private} hint="Only you, the coach, ever see these." onSave={save('private')} />
      ) : null}
    </aside>
  );
}

/** The stepper: WIFLE → Verify → In Progress → Pull → Commitments → Recap, the current stage marked. */
function Stepper({ stage }: { stage: SessionStage | null }) {
  const at = stage ? sessionStages.indexOf(stage) : -1;
  return (
    <ol className="stepper" aria-label="Session stages">
      {sessionStages.map((s, i) => (
        <li
          key={s}
          className={`stepper__step${i === at ? ' stepper__step--current' : ''}${i < at ? ' stepper__step--done' : ''}`}
          aria-current={i === at ? 'step' : undefined}
        >
          <span className="stepper__num">{i + 1}</span>
          <span className="stepper__label">{stageLabels[s]}</span>
        </li>
      ))}
    </ol>
  );
}

/** The session room: one stage, one decision at a time, live on every device in the session. */
export function SessionRoom({ engagement }: { engagement: Engagement }) {
  const { sessionId = '' } = useParams();
  const me = useMe();
  const qc = useQueryClient();
  const zone = me.data?.user.timeZone ?? 'UTC';
  const q = useSession(engagement.id, sessionId);
  const worker = canDo(engagement, 'session.run');
  const board = useBoard(engagement.id);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (q.isPending) return <div className="loading" aria-busy="true" />;
  const s = q.data;
  if (!s) return <p className="form-error">{(q.error as Error | null)?.message ?? 'This session could not be loaded.'}</p>;
  const stage = s.stage ?? null;
  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      await qc.invalidateQueries({ queryKey: sessionKeys.one(engagement.id, s.id) });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Something went wrong. Please try again.');
    } finally {
      setBusy(false);
    }
  };
  const goTo = (to: SessionStage) => act(() => post(`/api/sessions/${s.id}/stage`, { stage: to }));
  const close = () => act(() => post(`/api/sessions/${s.id}/close`));
  const next = nextStage(stage);
  const prev = stage && stage !== 'wifle' && stage !== 'recap' ? sessionStages[sessionStages.indexOf(stage) - 1] : null;
  const props = board.data && me.data ? { engagement, session: s, board: board.data, meId: me.data.user.id } : null;

  return (
    <section className="tab-page room">
      <div className="room__head">
        <div>
          <Link to=".." relative="path" className="small">
            ← All sessions
          </Link>
          <h2>
            {s.number ? `Session ${s.number} · ` : ''}
            {sessionWhen(s.startsAt, zone)}
          </h2>
          <p className="muted small">
            {statusLabel[s.status]}
            {s.videoUrl ? (
              <>
                {' · '}
                <a href={s.videoUrl} target="_blank" rel="noreferrer noopener">
                  Join the video call
                </a>
              </>
            ) : null}
            {s.place ? ` · ${s.place}` : ''}
          </p>
        </div>
      </div>
      {!worker ? (
        <p className="notice">This session is {statusLabel[s.status].toLowerCase()}. Its content is for the coach and coachees.</p>
      ) : (
        <>
          <Stepper stage={stage} />
          {error ? (
            <div className="form-error" role="alert">
              {error}
            </div>
          ) : null}
          <div className="room__body">
            <div className="room__stage">
              {stage === null ? (
                <div className="room-start">
                  <h3>Ready when you are</h3>
                  <p className="muted">
                    The session opens with the review of last session’s commitments, then each of you clears the air. Then you read the board right to left.
                  </p>
                  {s.status === 'scheduled' ? (
                    <button type="button" className="btn btn--primary btn--large" disabled={busy} onClick={() => void goTo('wifle')}>
                      Start the session
                    </button>
                  ) : null}
                </div>
              ) : (
                <>
                  <h3 className="room__stage-title">
                    {stageLabels[stage]} <span className="muted">— {stageHelp[stage]}</span>
                  </h3>
                  {stage === 'recap' ? <RecapView engagementId={engagement.id} sessionId={s.id} zone={zone} /> : null}
                  {stage === 'wifle' && me.data ? <WifleStep engagement={engagement} session={s} meId={me.data.user.id} /> : null}
                  {stage !== 'wifle' && stage !== 'recap' && !props ? <p className="muted">Loading the board…</p> : null}
                  {stage === 'verify' && props ? <VerifyStep {...props} /> : null}
                  {stage === 'wifle' || stage === 'verify' ? <SessionCheckIns engagementId={engagement.id} sessionId={s.id} /> : null}
                  {stage === 'in_progress' && props ? <InProgressStep {...props} /> : null}
                  {stage === 'pull' && props ? <PullStep {...props} /> : null}
                  {stage === 'commitments' && props ? <CommitmentsStep {...props} /> : null}
                  {stage !== 'recap' ? (
                    <div className="room__nav">
                      {prev ? (
                        <button type="button" className="btn" disabled={busy} onClick={() => void goTo(prev)}>
                          ← Back to {stageLabels[prev]}
                        </button>
                      ) : (
                        <span />
                      )}
                      {stage === 'commitments' ? (
                        <button type="button" className="btn btn--primary btn--large" disabled={busy} onClick={() => void close()}>
                          Close the session
                        </button>
                      ) : next ? (
                        <button type="button" className="btn btn--primary btn--large" disabled={busy} onClick={() => void goTo(next)}>
                          Next: {stageLabels[next]} →
                        </button>
                      ) : null}
                    </div>
                  ) : null}
                </>
              )}
            </div>
            <Notes engagement={engagement} session={s} />
          </div>
        </>
      )}
    </section>
  );
}
