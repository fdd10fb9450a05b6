import {
  type CheckInRecord,
  type ContractContent,
  currentCheckIns,
  dateOfDay,
  dayInZone,
  type MeasuredGoal,
  type MeasuredGoalResult,
  measuredGoals,
  measureProgress,
} from '@carriage/core';
import type { Kysely, Transaction } from 'kysely';
import { goalCardsByGoalId, listCheckIns, listHeldSessionStarts, listSignedContracts } from '../../db/queries/check-ins.js';
import { coachTimeZone, sharedGoalIds } from '../../db/queries/metrics.js';
import type { Database } from '../../db/schema.js';

type Q = Kysely<Database> | Transaction<Database>;

/** Everything the measures of an engagement are computed from, read once. */
export interface MeasureSources {
  goals: Map<string, MeasuredGoal>;
  /** Contract id → the day (in the coach's zone) it was signed by everyone. */
  agreedOn: Map<string, string>;
  /** Contract goal id → its card on the board. */
  cards: Map<string, { id: string; title: string }>;
  checkIns: Awaited<ReturnType<typeof listCheckIns>>;
  shared: Set<string>;
  heldDays: string[];
  /** The calendar day (in the coach's zone) of an instant. */
  dayOf: (iso: string) => string;
}

function contentOf(raw: string): Pick<ContractContent, 'goals'> {
  try {
    return { goals: (JSON.parse(raw) as ContractContent).goals ?? [] };
  } catch {
    return { goals: [] };
  }
}

/** Reads the signed contracts' measures, the goal cards, every check-in, the sharing and the sessions held. */
export async function readMeasureSources(db: Q, engagementId: string, timeZone: string): Promise<MeasureSources> {
  const [contracts, cards, checkIns, shared, held] = await Promise.all([
    listSignedContracts(db, engagementId),
    goalCardsByGoalId(db, engagementId),
    listCheckIns(db, engagementId),
    sharedGoalIds(db, engagementId),
    listHeldSessionStarts(db, engagementId),
  ]);
  const zoneDay = dayInZone(timeZone);
  const dayOf = (iso: string) => dateOfDay(zoneDay(Date.parse(iso)));
  const goals = measuredGoals(contracts.map((c) => ({ id: c.id, status: c.status, signedAt: c.signed_at, version: c.version, content: contentOf(c.content) })));
  const agreedOn = new Map(contracts.filter((c) => c.signed_at).map((c) => [c.id, dayOf(c.signed_at as string)]));
  return { goals, agreedOn, cards, checkIns, shared, heldDays: held.map((s) => dayOf(s.starts_at)), dayOf };
}

/** A stored check-in as the core reads it. */
export function checkInRecord(r: MeasureSources['checkIns'][number]): CheckInRecord {
  return {
    id: r.id,
    value: r.value,
    on: r.observed_on,
    note: r.note,
    recordedAt: r.recorded_at,
    recordedBy: r.recorded_by,
    correctsId: r.corrects_id,
    sessionId: r.session_id,
  };
}

/**
 * Each measured goal that has a card, as of the end of `today` (YYYY-MM-DD, the coach's calendar):
 * the values that stand then (recorded by then, about a day up to then), and where the measure stands.
 * Goals whose contract is signed but not on the board yet are listed apart: they take check-ins once
 * their card exists.
 */
export function buildGoalMeasures(src: MeasureSources, today: string): { goals: MeasuredGoalResult[]; notOnBoard: MeasuredGoal[] } {
  const goals: MeasuredGoalResult[] = [];
  const notOnBoard: MeasuredGoal[] = [];
  for (const g of src.goals.values()) {
    const card = src.cards.get(g.goalId);
    if (!card) {
      notOnBoard.push(g);
      continue;
    }
    const records = src.checkIns.filter((r) => r.card_id === card.id && r.observed_on <= today && src.dayOf(r.recorded_at) <= today).map(checkInRecord);
    const current = currentCheckIns(records);
    goals.push({
      goalId: g.goalId,
      contractId: g.contractId,
      cardId: card.id,
      title: card.title,
      sharedWithSponsor: src.shared.has(card.id),
      measure: g.measure,
      points: current.map((c) => ({ id: c.id, on: c.on, value: c.value, corrected: c.replaced.length > 0 })),
      progress: measureProgress(
        g.measure,
        current.map((c) => ({ on: c.on, value: c.value })),
        {
          today,
          agreedOn: src.agreedOn.get(g.contractId) ?? null,
          heldSessionDays: src.heldDays,
        },
      ),
    });
  }
  return { goals, notOnBoard };
}

/** Ids of the contract goals whose measure has not reached its target by today (in the coach's calendar). */
export async function goalsShortOfTarget(db: Q, engagementId: string): Promise<string[]> {
  const engagement = await db.selectFrom('engagements').select('coach_id').where('id', '=', engagementId).executeTakeFirst();
  const zone = engagement ? await coachTimeZone(db, engagement.coach_id) : 'UTC';
  const src = await readMeasureSources(db, engagementId, zone);
  const { goals, notOnBoard } = buildGoalMeasures(src, dateOfDay(dayInZone(zone)(Date.now())));
  return [...goals.filter((g) => !g.progress.reached).map((g) => g.goalId), ...notOnBoard.map((g) => g.goalId)];
}
