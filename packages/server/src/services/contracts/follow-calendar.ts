import { applyContractEvent, type ContractStatus, canChangeEngagementStatus, dateEvents, type EngagementStatus } from '@carriage/core';
import type { Kysely } from 'kysely';
import { contractsDueByDate, updateContractIfStatus } from '../../db/queries/contracts.js';
import { findEngagementRow, updateEngagementRow } from '../../db/queries/engagements.js';
import { coachTimeZone } from '../../db/queries/metrics.js';
import type { ContractsTable, Database } from '../../db/schema.js';
import { nowIso } from '../../lib/ids.js';
import { recordEvent, type WriteTrx, writeTransaction } from '../events/record-event.js';
import { recordContractActivity, todayIn } from './contract-record.js';

type Q = Kysely<Database> | WriteTrx;

/** Today on the coach's calendar, the day contracts of their engagements start and end by. */
export async function engagementToday(db: Q, engagementId: string): Promise<string> {
  const e = await findEngagementRow(db, engagementId);
  return todayIn(e ? await coachTimeZone(db, e.coach_id) : 'UTC');
}

/** Moves the engagement into `active` when a contract of it becomes active (if it was only proposed). */
async function activateEngagement(trx: WriteTrx, engagementId: string, actorId: string | null): Promise<void> {
  const e = await findEngagementRow(trx, engagementId);
  if (!e || !canChangeEngagementStatus(e.status as EngagementStatus, 'active') || e.status === 'active') return;
  await updateEngagementRow(trx, engagementId, { status: 'active', updated_at: nowIso() });
  await recordEvent(trx, {
    engagementId,
    type: 'engagement.updated',
    actorId,
    entityId: engagementId,
    payload: { status: 'active' },
  });
}

/** Applies what the calendar says inside the caller's transaction: a signed contract whose start date came is active; one past its end date has ended. */
export async function applyCalendar(trx: WriteTrx, row: ContractsTable, today: string): Promise<ContractsTable> {
  let current = row;
  for (const event of dateEvents(current.status as ContractStatus, current.starts_on, current.ends_on, today)) {
    const to = applyContractEvent(current.status as ContractStatus, event);
    if (!(await updateContractIfStatus(trx, current.id, current.status, { status: to, updated_at: nowIso() }))) return current;
    current = { ...current, status: to };
    await recordContractActivity(trx, { contract: current, type: event === 'activate' ? 'activated' : 'ended', actorId: null, detail: { on: today } });
    if (event === 'activate') await activateEngagement(trx, current.engagement_id, null);
  }
  return current;
}

/**
 * The `contract-dates` periodic job: starts signed contracts whose start date has come and ends active
 * ones past their end date, each by today on its coach's calendar, one engagement per transaction.
 * Returns the engagements that changed; their write transactions publish the changes.
 */
export async function followContractDates(db: Kysely<Database>, now: Date): Promise<string[]> {
  const rows = await contractsDueByDate(db, todayIn('Pacific/Kiritimati', now));
  const byEngagement = new Map<string, { today: string; due: ContractsTable[] }>();
  for (const { coach_time_zone, ...row } of rows) {
    const today = todayIn(coach_time_zone, now);
    if (dateEvents(row.status as ContractStatus, row.starts_on, row.ends_on, today).length === 0) continue;
    const entry = byEngagement.get(row.engagement_id) ?? { today, due: [] };
    entry.due.push(row);
    byEngagement.set(row.engagement_id, entry);
  }
  for (const [engagementId, { today, due }] of byEngagement) {
    await writeTransaction(db, engagementId, async (trx) => {
      for (const r of due) await applyCalendar(trx, r, today);
    });
  }
  return [...byEngagement.keys()];
}
