import { measuredGoals } from '@carriage/core';
import { listCheckIns, listSignedContracts, previousClosedAt } from '../../db/queries/check-ins.js';
import type { CoachingSessionsTable } from '../../db/schema.js';
import type { WriteTrx } from '../events/record-event.js';

/** A check-in as a session's recap lists it. */
export interface RecapCheckIn {
  cardId: string;
  goal: string;
  measure: string;
  unit: string;
  value: number;
  on: string;
  note: string;
  /** The value this one corrected, when it is a correction. */
  corrects: number | null;
  recordedBy: string | null;
}

/** The values recorded since the previous session closed (all of them before the first), up to `until`, in the order recorded. */
export async function checkInsSincePreviousSession(trx: WriteTrx, s: CoachingSessionsTable, until: string): Promise<RecapCheckIn[]> {
  const since = await previousClosedAt(trx, s.engagement_id, s.starts_at, s.id);
  const rows = await listCheckIns(trx, s.engagement_id);
  const recent = rows.filter((r) => (since === null || r.recorded_at > since) && r.recorded_at <= until);
  if (recent.length === 0) return [];
  const goals = measuredGoals(
    (await listSignedContracts(trx, s.engagement_id)).map((c) => ({
      id: c.id,
      status: c.status,
      signedAt: c.signed_at,
      version: c.version,
      content: JSON.parse(c.content),
    })),
  );
  const titles = new Map(
    (
      await trx
        .selectFrom('cards')
        .select(['id', 'title'])
        .where(
          'id',
          'in',
          recent.map((r) => r.card_id),
        )
        .execute()
    ).map((c) => [c.id, c.title]),
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return recent.map((r) => {
    const g = goals.get(r.goal_id);
    return {
      cardId: r.card_id,
      goal: titles.get(r.card_id) ?? g?.what ?? '',
      measure: g?.measure.name ?? '',
      unit: g?.measure.unit ?? '',
      value: r.value,
      on: r.observed_on,
      note: r.note,
      corrects: r.corrects_id ? (byId.get(r.corrects_id)?.value ?? null) : null,
      recordedBy: r.recorded_by_name ?? null,
    };
  });
}
