import { type CheckIn, type CheckInHistory, dateOfDay, dayInZone } from '@carriage/core';
import type { Kysely } from 'kysely';
import { findCard } from '../../db/queries/board.js';
import { listCheckIns } from '../../db/queries/check-ins.js';
import { coachTimeZone } from '../../db/queries/metrics.js';
import type { CheckInsTable, Database, EngagementsTable } from '../../db/schema.js';
import { buildGoalMeasures, readMeasureSources } from './goal-measures.js';

type Row = CheckInsTable & { recorded_by_name?: string | null };

/** A check-in as the API shows it, with the check-in that corrected it (if any). */
export function presentCheckIn(r: Row, correctedById: string | null): CheckIn {
  return {
    id: r.id,
    cardId: r.card_id,
    goalId: r.goal_id,
    value: r.value,
    on: r.observed_on,
    note: r.note,
    recordedAt: r.recorded_at,
    recordedBy: r.recorded_by ? { id: r.recorded_by, name: r.recorded_by_name ?? '' } : null,
    sessionId: r.session_id,
    correctsId: r.corrects_id,
    correctedById,
  };
}

/** Every value recorded for a goal card's measure, corrections and the values they replaced too, latest first (none for a card without a measure). */
export async function checkInHistory(db: Kysely<Database>, engagement: EngagementsTable, cardId: string): Promise<CheckInHistory> {
  const zone = await coachTimeZone(db, engagement.coach_id);
  const src = await readMeasureSources(db, engagement.id, zone);
  const goal = buildGoalMeasures(src, dateOfDay(dayInZone(zone)(Date.now()))).goals.find((g) => g.cardId === cardId);
  const rows = await listCheckIns(db, engagement.id, [cardId]);
  if (!goal && rows.length === 0) {
    // A card without a measure has no history: nothing to show rather than an error.
    const card = await findCard(db, cardId);
    return { cardId, goalId: card?.deliverable_id ?? null, title: card?.title ?? '', measure: null, checkIns: [] };
  }
  const correctedBy = new Map(rows.filter((r) => r.corrects_id).map((r) => [r.corrects_id as string, r.id]));
  const card = goal ? null : await findCard(db, cardId);
  return {
    cardId,
    goalId: goal?.goalId ?? rows[0].goal_id,
    title: goal?.title ?? card?.title ?? '',
    // A goal whose measure was dropped from the contract keeps its history, without a measure to read it against.
    measure: goal?.measure ?? null,
    checkIns: rows.map((r) => presentCheckIn(r, correctedBy.get(r.id) ?? null)).reverse(),
  };
}
