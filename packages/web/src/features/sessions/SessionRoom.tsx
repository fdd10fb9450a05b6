import { JOIN_LEAD_MINUTES, joinState, nextStage, type SessionStage, sessionStages, stageLabels } from '@carriage/core';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, post, put } from '../../api/client';
import type { Engagement } from '../../api/types';
import { useMe } from '../auth/use-me';
import { useBoard } from '../board/board-data';
import { Markdown } from '../board/Markdown';
import { canDo } from '../engagements/use-engagement';
import { SessionCheckIns } from '../measures/CheckInPage';
import '../measures/measures.css';
import { useNow } from '../../ui/use-now';
import { VerifyStep, WifleStep } from './CheckpointSteps';
import { CommitmentsStep } from './CommitmentsStep';
import { RecapView } from './RecapView';
import { useAutosave } from './room-state';
import { sessionWhen, statusLabel } from './session-format';
import { type Note, type SessionDetail, sessionKeys, useNotes, useSession } from './sessions-api';
import { WifleTerm } from './WifleTerm';
import { InProgressStep, PullStep } from './WorkSteps';

const stageHelp: Record<SessionStage, string> = {
  wifle: 'What I Feel Like Expressing: clear the air first.',
  verify: 'Accept what is done, or send it back.',
  in_progress: 'Record progress; raise or clear roadblocks.',
  pull: 'Pull new work within the WIP limit.',
  commitments: 'Agree owners and due dates.',
  recap: 'What this session produced.',
};

/** One note box that saves itself while you type, and keeps what you type while the other person's changes arrive. */
function NoteBox({
  label,
  note,
  hint,
  onSave,
  locked,
}: {
  label: string;
  note: Note | undefined;
  hint: string;
  onSave: (body: string) => Promise<void>;
  locked?: boolean;
}) {
  const [body, setBody] = useState(note?.body ?? '');
  const auto = useAutosave(onSave);
  const typing = useRef(false);
  typing.current = auto.busy;
  // The other person's saved notes replace the box only while nothing of yours waits to be saved.
  useEffect(() => {
    if (!typing.current) setBody(note?.body ?? '');
  }, [note?.body]);
  const id = `note-${label.toLowerCase().replace(/\W+/g, '-')}`;
  if (locked) {
    return (
      <section className="field note-box note-box--locked" aria-labelledby={`${id}-h`}>
        <h3 id={`${id}-h`} className="note-box__label">
          {label}
        </h3>
        {body.trim() ? <Markdown text={body} /> : <p className="muted">Nothing was written.</p>}
        <p className="field__hint">Final since the session closed. Add to them below; the recap shows it as an addendum.</p>
      </section>
    );
  }
  return (
    <div className="field note-box">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        rows={6}
        value={body}
        onChange={(e) => {
          setBody(e.target.value);
          auto.change(e.target.value);
        }}
        onBlur={() => void auto.flush()}
      />
      <p className="field__hint" aria-live="polite">
        {auto.label ?? hint}
        {note?.updatedBy && !auto.label ? ` Last saved by ${note.updatedBy}.` : ''}
      </p>
    </div>
  );
}

/** After the close, what is added to the notes is an addendum: dated, signed, and shown as such in the recap. */
function Addendum({ engagementId, sessionId }: { engagementId: string; sessionId: string }) {
  const qc = useQueryClient();
  const [body, setBody] = useState('');
  const [state, setState] = useState<string | null>(null);
  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim()) {
      setState('Write what you want to add.');
      return;
    }
    try {
      await post(`/api/sessions/${sessionId}/addenda`, { body });
      setBody('');
      setState('Added to the recap as an addendum.');
      await qc.invalidateQueries({ queryKey: sessionKeys.recap(engagementId, sessionId) });
    } catch (err) {
      setState(err instanceof ApiError ? err.message : 'Not added. Try again.');
    }
  };
  return (
    <form className="field addendum" onSubmit={add}>
      <label htmlFor="addendum">Add an addendum</label>
      <textarea id="addendum" rows={3} value={body} onChange={(e) => setBody(e.target.value)} />
      <p className="field__hint" aria-live="polite">
        {state ?? 'Dated and signed with your name.'}
      </p>
      <button type="submit" className="btn btn--small">
        Add to the recap
      </button>
    </form>
  );
}

function Notes({ engagement, session }: { engagement: Engagement; session: SessionDetail }) {
  const qc = useQueryClient();
  const notes = useNotes(engagement.id, session.id, true);
  const closed = session.stage === 'recap';
  const save = (which: 'shared' | 'private') => async (body: string) => {
    const saved = await put<{ shared: Note; private?: Note }>(`/api/sessions/${session.id}/notes`, { [which]: body });
    qc.setQueryData(sessionKeys.notes(engagement.id, session.id), saved);
  };
  return (
    <aside className="room__notes" aria-label="Notes">
      <NoteBox
        label="Shared notes"
        note={notes.data?.shared}
        hint="Seen by the coach and the coachees; part of the recap. Saves itself."
        onSave={save('shared')}
        locked={closed}
      />
      {closed ? <Addendum engagementId={engagement.id} sessionId={session.id} /> : null}
      {canDo(engagement, 'session.notes.private') ? (
        <NoteBox label="Private notes" note={notes.data?.private} hint="Only you, the coach, ever see these. Saves itself." onSave={save('private')} />
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

/** Before the start: "Start the session" from 15 minutes before; far ahead, hold an unscheduled session now instead. */
function BeforeStart({ engagement, session, busy, onStart }: { engagement: Engagement; session: SessionDetail; busy: boolean; onStart: () => void }) {
  const navigate = useNavigate();
  const now = useNow(30_000);
  const [error, setError] = useState<string | null>(null);
  const state = joinState(session, now);
  const holdNow = async () => {
    setError(null);
    try {
      const s = await post<SessionDetail>(`/api/engagements/${engagement.id}/sessions/now`, {});
      navigate(`../${s.id}`, { relative: 'path' });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Something went wrong. Please try again.');
    }
  };
  return (
    <div className="room-start">
      <h3>{state === 'upcoming' ? 'Not yet' : 'Ready when you are'}</h3>
      {session.status !== 'scheduled' ? (
        <p className="muted">This session is {session.status === 'held' ? 'held' : 'not taking place'}.</p>
      ) : state === 'upcoming' ? (
        <>
          <p>This session is planned for later. It can be started from {JOIN_LEAD_MINUTES} minutes before it begins, so it counts on its own date.</p>
          {canDo(engagement, 'session.schedule') ? (
            <button type="button" className="btn btn--primary" onClick={() => void holdNow()}>
              Hold an unscheduled session now
            </button>
          ) : null}
        </>
      ) : (
        <>
          <p className="muted">
            The session opens with the review of last session’s commitments, then each of you clears the air. Then you read the board right to left.
          </p>
          <button type="button" className="btn btn--primary btn--large" disabled={busy} onClick={onStart}>
            Start the session
          </button>
        </>
      )}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The session room: one stage, one decision at a time, the same room on every screen in the session. */
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
        <Link to=".." relative="path" className="small">
          ← All sessions
        </Link>
        <h2>
          {s.number ? `Session ${s.number} · ` : ''}
          {sessionWhen(s.startsAt, zone)}
        </h2>
        <p className="muted small">
          {stage && stage !== 'recap' ? 'In session now' : statusLabel[s.status]}
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
                <BeforeStart engagement={engagement} session={s} busy={busy} onStart={() => void goTo('wifle')} />
              ) : (
                <>
                  <h3 className="room__stage-title">
                    {stage === 'wifle' ? <WifleTerm expanded={false} /> : stageLabels[stage]} <span className="muted">— {stageHelp[stage]}</span>
                  </h3>
                  {stage === 'recap' ? <RecapView engagementId={engagement.id} sessionId={s.id} zone={zone} /> : null}
                  {stage === 'wifle' && me.data ? <WifleStep engagement={engagement} session={s} meId={me.data.user.id} /> : null}
                  {stage !== 'wifle' && stage !== 'recap' && !props ? <p className="muted">Loading the board…</p> : null}
                  {stage === 'verify' && props ? <VerifyStep {...props} /> : null}
                  {stage === 'wifle' || stage === 'verify' ? <SessionCheckIns engagementId={engagement.id} sessionId={s.id} /> : null}
                  {stage === 'in_progress' && props ? <InProgressStep {...props} /> : null}
                  {stage === 'pull' && props ? <PullStep {...props} /> : null}
                  {stage === 'commitments' && props ? <CommitmentsStep {...props} /> : null}
                </>
              )}
            </div>
            <Notes engagement={engagement} session={s} />
          </div>
          {stage !== null && stage !== 'recap' ? (
            <nav className="room__nav" aria-label="Session steps">
              {prev ? (
                <button type="button" className="btn" disabled={busy} onClick={() => void goTo(prev)}>
                  ← {stageLabels[prev]}
                </button>
              ) : (
                <span />
              )}
              <span className="room__nav-where small muted">
                Step {sessionStages.indexOf(stage) + 1} of {sessionStages.length - 1}
              </span>
              {stage === 'commitments' ? (
                <button type="button" className="btn btn--primary btn--large" disabled={busy} onClick={() => void close()}>
                  Close the session
                </button>
              ) : next ? (
                <button
                  type="button"
                  className="btn btn--primary btn--large"
                  disabled={busy}
                  onClick={() => void goTo(next)}
                  aria-label={`Next: ${stageLabels[next]} →`}
                >
                  <span>
                    Next<span className="room__nav-stage">: {stageLabels[next]}</span> →
                  </span>
                </button>
              ) : null}
            </nav>
          ) : null}
        </>
      )}
    </section>
  );
}
