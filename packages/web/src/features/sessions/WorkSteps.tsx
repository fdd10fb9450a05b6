import { type ReadinessGap, readinessGaps, wipCapacity } from '@carriage/core';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, patch, post } from '../../api/client';
import { type Board, type BoardColumn, type Card, storeCard } from '../board/board-data';
import { WipDialog } from '../board/MoveDialogs';
import { canDo } from '../engagements/use-engagement';
import { FocusCard, Pager, type StepProps, useCardMove } from './CheckpointSteps';
import { cardsOf, useRoomFocus, WorkerOptions } from './room-state';
import { type SessionDetail, sessionKeys } from './sessions-api';

function useSaveCard(engagementId: string) {
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const save = async (card: Card, body: Record<string, unknown>): Promise<Card | null> => {
    setError(null);
    try {
      const updated = await patch<Card>(`/api/cards/${card.id}`, { version: card.version, ...body });
      storeCard(qc, engagementId, updated);
      return updated;
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Something went wrong. Please try again.');
      return null;
    }
  };
  return { save, error, setError };
}

/** "Finished → Verify": the work is done, so it waits for the other person to verify it. */
function FinishButton({
  card,
  verify,
  onMove,
  large,
}: {
  card: Card;
  verify: BoardColumn | undefined;
  onMove: (c: Card, to: string) => void;
  large?: boolean;
}) {
  if (!verify) return null;
  return (
    <button
      type="button"
      className={`btn${large ? ' btn--large btn--primary' : ' btn--small'}`}
      onClick={() => onMove(card, verify.id)}
      aria-label={large ? undefined : `Finished: move “${card.title}” to ${verify.name}`}
    >
      Finished → {verify.name}
    </button>
  );
}

/** In Progress: card by card, move what is finished to Verify, record progress, raise or clear a roadblock. */
export function InProgressStep({ engagement, session, board }: StepProps) {
  const cards = cardsOf(board, 'doing');
  const focus = useRoomFocus(
    engagement.id,
    session,
    cards.map((c) => c.card.id),
    canDo(engagement, 'session.lead'),
  );
  const { save, error, setError } = useSaveCard(engagement.id);
  const { move, dialog, error: moveError } = useCardMove(engagement.id);
  const [progress, setProgress] = useState('');
  const [reason, setReason] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const verify = board.columns.find((c) => c.kind === 'verify');
  const current = cards[focus.at];
  if (!current) return <p className="room-empty">Nothing is in progress. Go on to pull new work.</p>;
  const card = current.card;
  const record = async (e: FormEvent) => {
    e.preventDefault();
    if (!progress.trim()) return;
    await post(`/api/cards/${card.id}/comments`, { body: `Progress: ${progress.trim()}` });
    setProgress('');
    setSaved('Progress recorded on the card.');
  };
  const raise = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setError('Say what blocks this card, so it can be removed.');
      return;
    }
    if (await save(card, { blocked: true, blockedReason: reason.trim() })) setReason('');
  };
  return (
    <div className="room-step">
      <p className="muted">
        {current.column.name} holds {current.column.cards.length}
        {current.column.wipLimit !== null ? ` of ${current.column.wipLimit}` : ''} cards.
      </p>
      <Pager focus={focus} label="Card" />
      <FocusCard card={card} board={board}>
        {error || moveError ? (
          <p className="form-error" role="alert">
            {error ?? moveError}
          </p>
        ) : null}
        {saved ? (
          <p className="notice" role="status">
            {saved}
          </p>
        ) : null}
        <div className="btn-row room-actions">
          <FinishButton card={card} verify={verify} onMove={(c, to) => void move(c, to)} large />
        </div>
        {card.blocked ? (
          <button type="button" className="btn" onClick={() => void save(card, { blocked: false })}>
            Clear the roadblock
          </button>
        ) : (
          <form onSubmit={raise} className="field field--inline">
            <label htmlFor="roadblock-reason">Roadblock</label>
            <input id="roadblock-reason" type="text" value={reason} placeholder="What stands in the way?" onChange={(e) => setReason(e.target.value)} />
            <button type="submit" className="btn btn--danger">
              Raise
            </button>
          </form>
        )}
        <form onSubmit={record} className="field field--inline">
          <label htmlFor="progress-note">Progress since last time</label>
          <input id="progress-note" type="text" value={progress} onChange={(e) => setProgress(e.target.value)} />
          <button type="submit" className="btn">
            Record
          </button>
        </form>
      </FocusCard>
      {dialog}
    </div>
  );
}

/** The day a card pulled now is due by default: the next session's, or a week from today. */
function defaultDue(session: SessionDetail): string {
  if (session.nextSession?.on) return session.nextSession.on;
  const d = new Date(Date.now() + 7 * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** What a card lacks, filled in place on the focus card, with the defaults a coach would pick. */
function GapFields({
  card,
  gaps,
  board,
  meId,
  session,
  values,
  onChange,
}: {
  card: Card;
  gaps: ReadinessGap[];
  board: Board;
  meId: string;
  session: SessionDetail;
  values: GapValues;
  onChange: (v: GapValues) => void;
}) {
  const workers = board.members.filter((m) => m.role !== 'sponsor');
  const goals = board.columns.flatMap((c) => c.cards).filter((c) => c.type === 'goal' && c.id !== card.id);
  const set = (patch: Partial<GapValues>) => onChange({ ...values, ...patch });
  // biome-ignore lint/correctness/useExhaustiveDependencies: defaults are set once per card in focus
  useEffect(() => {
    // Defaults: the person pulling owns it, due at the next session, under the only goal if there is one.
    onChange({
      ownerId: workers.some((m) => m.userId === meId) ? meId : (workers[0]?.userId ?? ''),
      dueOn: defaultDue(session),
      dod: '',
      parentId: goals.length === 1 ? goals[0].id : '',
      newGoal: '',
    });
  }, [card.id]);
  if (!gaps.length) return <p className="badge badge--ok">Ready to start</p>;
  return (
    <fieldset className="gap-fields">
      <legend>Before it starts, it needs:</legend>
      {gaps.includes('owner') ? (
        <div className="field">
          <label htmlFor="gap-owner">Owner</label>
          <select id="gap-owner" value={values.ownerId} onChange={(e) => set({ ownerId: e.target.value })}>
            <WorkerOptions workers={workers} />
          </select>
        </div>
      ) : null}
      {gaps.includes('dueDate') ? (
        <div className="field">
          <label htmlFor="gap-due">Due date</label>
          <input id="gap-due" type="date" value={values.dueOn} onChange={(e) => set({ dueOn: e.target.value })} />
        </div>
      ) : null}
      {gaps.includes('definitionOfDone') ? (
        <div className="field">
          <label htmlFor="gap-dod">Done when…</label>
          <input id="gap-dod" type="text" value={values.dod} placeholder="What must be true when it is done?" onChange={(e) => set({ dod: e.target.value })} />
        </div>
      ) : null}
      {gaps.includes('goal') ? (
        <div className="field">
          <label htmlFor="gap-goal">Goal it serves</label>
          {goals.length ? (
            <select id="gap-goal" value={values.parentId} onChange={(e) => set({ parentId: e.target.value })}>
              <option value="">Choose…</option>
              {goals.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.title}
                </option>
              ))}
            </select>
          ) : (
            <input id="gap-goal" type="text" value={values.newGoal} placeholder="Name a new goal" onChange={(e) => set({ newGoal: e.target.value })} />
          )}
        </div>
      ) : null}
    </fieldset>
  );
}

interface GapValues {
  ownerId: string;
  dueOn: string;
  dod: string;
  parentId: string;
  newGoal: string;
}

/** Pull: with the WIP capacity in view, look at each To Do card, fill what it lacks on the card itself, and pull it in. */
export function PullStep({ engagement, session, board, meId }: StepProps) {
  const qc = useQueryClient();
  const cards = cardsOf(board, 'todo').filter((c) => c.card.type !== 'goal');
  const focus = useRoomFocus(
    engagement.id,
    session,
    cards.map((c) => c.card.id),
    canDo(engagement, 'session.lead'),
  );
  const { move, dialog: moveDialog, error: moveError } = useCardMove(engagement.id);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [wip, setWip] = useState<{ message: string; retry: (reason: string) => void } | null>(null);
  const [values, setValues] = useState<GapValues>({ ownerId: '', dueOn: '', dod: '', parentId: '', newGoal: '' });
  const doing = board.columns.find((c) => c.kind === 'doing');
  const verify = board.columns.find((c) => c.kind === 'verify');
  const capacity = doing ? wipCapacity(doing, doing.cards.length) : null;
  const current = cards[focus.at];
  const gaps = current ? readinessGaps(current.card) : [];
  // Once In Progress was found full, the finished-work list stays until dismissed, so several cards can move.
  const [finishing, setFinishing] = useState(false);
  useEffect(() => {
    if (capacity === 0) setFinishing(true);
  }, [capacity]);

  const pull = async (overrideReason?: string) => {
    if (!current) return;
    const body: Record<string, unknown> = { cardId: current.card.id, version: current.card.version, overrideReason };
    const f: Record<string, string> = {};
    if (gaps.includes('owner')) body.ownerId = values.ownerId || null;
    if (gaps.includes('dueDate')) {
      if (!values.dueOn) f['gap-due'] = 'Choose a due date.';
      body.dueOn = values.dueOn;
    }
    if (gaps.includes('definitionOfDone')) {
      if (!values.dod.trim()) f['gap-dod'] = 'Write one thing that must be true when it is done.';
      body.definitionOfDone = [{ text: values.dod.trim() }];
    }
    if (gaps.includes('goal')) {
      if (values.parentId) body.parentId = values.parentId;
      else if (values.newGoal.trim()) body.newGoalTitle = values.newGoal.trim();
      else f['gap-goal'] = 'Choose the goal this card serves.';
    }
    setFields(f);
    setError(null);
    if (Object.keys(f).length) {
      document.getElementById(Object.keys(f)[0])?.focus();
      return;
    }
    try {
      storeCard(qc, engagement.id, await post<Card>(`/api/sessions/${session.id}/pull`, body));
      await qc.invalidateQueries({ queryKey: sessionKeys.one(engagement.id, session.id) });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'wip_limit_exceeded') {
        setWip({ message: err.message, retry: (reason) => void pull(reason) });
        return;
      }
      setError(err instanceof ApiError ? err.message : 'Something went wrong. Please try again.');
    }
  };

  return (
    <div className="room-step">
      <p className="capacity" data-testid="wip-capacity">
        {doing
          ? capacity === null
            ? `${doing.name} has no WIP limit.`
            : capacity === 0
              ? `${doing.name} is full (${doing.cards.length} of ${doing.wipLimit}). Finish something before pulling more.`
              : `Room for ${capacity} more in ${doing.name} (${doing.cards.length} of ${doing.wipLimit}).`
          : 'This board has no In Progress column.'}
      </p>
      {doing && verify && doing.cards.length > 0 && (finishing || capacity === 0) ? (
        <section className="finish-list" aria-labelledby="finish-h">
          <div className="finish-list__head">
            <h4 id="finish-h">Is any of these finished? Move it to {verify.name} to make room.</h4>
            {capacity !== 0 ? (
              <button type="button" className="btn btn--ghost btn--small" onClick={() => setFinishing(false)}>
                Hide
              </button>
            ) : null}
          </div>
          {moveError ? (
            <p className="form-error" role="alert">
              {moveError}
            </p>
          ) : null}
          <ul>
            {doing.cards.map((c) => (
              <li key={c.id}>
                <span>{c.title}</span> <FinishButton card={c} verify={verify} onMove={(card, to) => void move(card, to)} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {!current ? (
        <p className="room-empty">Nothing waits in To Do.</p>
      ) : (
        <>
          <Pager focus={focus} label="Card" />
          <FocusCard card={current.card} board={board}>
            <GapFields card={current.card} gaps={gaps} board={board} meId={meId} session={session} values={values} onChange={setValues} />
            {Object.values(fields).length ? (
              <p className="form-error" role="alert">
                {Object.values(fields).join(' ')}
              </p>
            ) : null}
            {error ? (
              <p className="form-error" role="alert">
                {error}
              </p>
            ) : null}
            <div className="btn-row room-actions">
              <button type="button" className="btn btn--primary btn--large" onClick={() => void pull()}>
                {gaps.length ? 'Save and pull' : 'Pull'} into {doing?.name ?? 'In Progress'}
              </button>
            </div>
          </FocusCard>
        </>
      )}
      {wip ? (
        <WipDialog
          title="Over the WIP limit"
          message={wip.message}
          onCancel={() => setWip(null)}
          onConfirm={(r) => {
            setWip(null);
            wip.retry(r);
          }}
        />
      ) : null}
      {moveDialog}
    </div>
  );
}
