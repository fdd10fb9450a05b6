import { type ColumnKind, columnHistories, type Role, visibleAudiences, visibleNoteKinds } from '@carriage/core';
import { listColumns } from '../../db/queries/board.js';
import { listCheckIns } from '../../db/queries/check-ins.js';
import {
  listEngagementComments,
  listEngagementCommitments,
  listEngagementContracts,
  listEngagementNotes,
  listEngagementSessions,
  listEngagementSignatures,
  listEventsFor,
} from '../../db/queries/engagement-export.js';
import { listMembers } from '../../db/queries/engagements.js';
import { coachTimeZone, listAllCards, listFlowSteps } from '../../db/queries/metrics.js';
import { findVision } from '../../db/queries/vision.js';
import type { EngagementsTable } from '../../db/schema.js';
import { buildGoalMeasures, readMeasureSources } from '../measures/goal-measures.js';
import { loadEngagementResults, type ResultsSource } from './load-metrics.js';
import { presentMetrics } from './present-metrics.js';
import { readFlowEvents } from './read-flow-events.js';

const json = (raw: string | null): unknown => {
  if (raw === null) return null;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
};

/** One CSV cell: quoted when needed, and never read as a formula by a spreadsheet. */
export function csvCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_HEADER = [
  'card_id',
  'card_title',
  'card_type',
  'goal',
  'column',
  'column_kind',
  'entered_at',
  'left_at',
  'left_by',
  'cycle_time_days',
  'blocked',
  'archived_at',
] as const;

/** Every card with its column history: one row per stay of a card in a column, oldest first. */
export async function cardsCsv(source: ResultsSource, engagement: EngagementsTable): Promise<string> {
  const { db } = source;
  const [columns, cards, steps, results] = await Promise.all([
    listColumns(db, engagement.id),
    listAllCards(db, engagement.id),
    listFlowSteps(db, engagement.id, { withFrom: true }),
    loadEngagementResults(source, engagement),
  ]);
  const histories = columnHistories(
    await readFlowEvents(db, steps),
    columns.map((c) => ({ id: c.id, name: c.name, kind: c.kind as ColumnKind })),
  );
  const titles = new Map(cards.map((c) => [c.id, c.title]));
  const cycle = new Map(results.metrics.cycleTime.items.map((i) => [i.cardId, i.days]));
  const lines = [CSV_HEADER.join(',')];
  for (const card of cards) {
    for (const stay of histories.get(card.id) ?? []) {
      lines.push(
        [
          card.id,
          card.title,
          card.type,
          card.parent_id ? (titles.get(card.parent_id) ?? '') : '',
          stay.columnName,
          stay.kind,
          stay.enteredAt,
          stay.leftAt,
          stay.ended,
          cycle.get(card.id) ?? null,
          card.blocked === 1 ? 'yes' : 'no',
          card.archived_at,
        ]
          .map(csvCell)
          .join(','),
      );
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

export const CHECK_INS_CSV_HEADER = [
  'goal_card_id',
  'goal',
  'measure',
  'unit',
  'direction',
  'cadence',
  'baseline',
  'baseline_on',
  'target',
  'target_on',
  'check_in_id',
  'on',
  'value',
  'note',
  'recorded_by',
  'recorded_at',
  'corrects_id',
  'corrected_by_id',
  'stands',
] as const;

/**
 * Every goal's measure with every value recorded for it, corrections and the values they replaced too
 * (`stands` says which values count), oldest first; a measure with no value yet is one row without one.
 */
export async function checkInsCsv(source: ResultsSource, engagement: EngagementsTable): Promise<string> {
  const zone = await coachTimeZone(source.db, engagement.coach_id);
  const src = await readMeasureSources(source.db, engagement.id, zone);
  const { goals } = buildGoalMeasures(src, '9999-12-31');
  const correctedBy = new Map(src.checkIns.filter((c) => c.corrects_id).map((c) => [c.corrects_id as string, c.id]));
  const lines = [CHECK_INS_CSV_HEADER.join(',')];
  for (const g of goals) {
    const m = g.measure;
    const head = [g.cardId, g.title, m.name, m.unit, m.direction, m.cadence, m.baseline, m.baselineOn, m.target, m.targetOn];
    const rows = src.checkIns.filter((c) => c.card_id === g.cardId);
    if (rows.length === 0) lines.push([...head, null, null, null, null, null, null, null, null, null].map(csvCell).join(','));
    for (const c of rows) {
      const by = correctedBy.get(c.id) ?? null;
      lines.push(
        [...head, c.id, c.observed_on, c.value, c.note, c.recorded_by_name, c.recorded_at, c.corrects_id, by, by ? 'no' : 'yes'].map(csvCell).join(','),
      );
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * The whole engagement as one JSON document, for data portability: the engagement, people, board,
 * cards with comments and history, contracts and signatures, sessions with their notes and
 * commitments, the goals' measures with every check-in, the vision, the activity log and the metrics. What the asker may not see (the
 * coach's private notes and coach-only activity, for a coachee) is left out.
 */
export async function engagementJson(source: ResultsSource, engagement: EngagementsTable, asker: { userId: string; role: Role }) {
  const { db } = source;
  const [members, columns, cards, comments, events, contracts, signatures, sessions, notes, commitments, vision, results, checkIns] = await Promise.all([
    listMembers(db, engagement.id),
    listColumns(db, engagement.id),
    listAllCards(db, engagement.id),
    listEngagementComments(db, engagement.id),
    listEventsFor(db, engagement.id, [...visibleAudiences(asker.role, { clientType: engagement.client_type })]),
    listEngagementContracts(db, engagement.id),
    listEngagementSignatures(db, engagement.id),
    listEngagementSessions(db, engagement.id),
    listEngagementNotes(db, engagement.id, [...visibleNoteKinds(asker.role)]),
    listEngagementCommitments(db, engagement.id),
    findVision(db, engagement.id),
    loadEngagementResults(source, engagement),
    listCheckIns(db, engagement.id),
  ]);
  const commentsByCard = new Map<string, typeof comments>();
  for (const c of comments) commentsByCard.set(c.card_id, [...(commentsByCard.get(c.card_id) ?? []), c]);

  return {
    format: 'carriage.engagement' as const,
    formatVersion: 1 as const,
    exportedAt: new Date().toISOString(),
    exportedBy: { userId: asker.userId, role: asker.role },
    engagement: {
      id: engagement.id,
      title: engagement.title,
      clientType: engagement.client_type,
      organizationName: engagement.organization_name,
      status: engagement.status,
      coachId: engagement.coach_id,
      startsOn: engagement.starts_on,
      endsOn: engagement.ends_on,
      settings: json(engagement.settings),
      archivedAt: engagement.archived_at,
      createdAt: engagement.created_at,
    },
    members,
    vision: vision
      ? {
          currentSituation: vision.current_situation,
          desiredFuture: vision.desired_future,
          goals: json(vision.goals),
          quote: json(vision.quote),
          updatedAt: vision.updated_at,
        }
      : null,
    board: {
      columns: columns.map((c) => ({ id: c.id, name: c.name, kind: c.kind, wipLimit: c.wip_limit, policy: c.policy, position: c.position })),
      cards: cards.map((c) => ({
        id: c.id,
        columnId: c.column_id,
        type: c.type,
        title: c.title,
        description: c.description,
        definitionOfDone: json(c.definition_of_done),
        ownerId: c.owner_id,
        dueOn: c.due_on,
        eventAt: c.event_at,
        eventPlace: c.event_place,
        labels: json(c.labels),
        blocked: c.blocked === 1,
        blockedReason: c.blocked_reason,
        parentId: c.parent_id,
        contractId: c.contract_id,
        deliverableId: c.deliverable_id,
        position: c.position,
        version: c.version,
        archivedAt: c.archived_at,
        createdBy: c.created_by,
        createdAt: c.created_at,
        updatedAt: c.updated_at,
        startedAt: c.started_at,
        finishedAt: c.finished_at,
        sharedWithSponsor: results.shared.has(c.id),
        comments: (commentsByCard.get(c.id) ?? []).map((m) => ({
          id: m.id,
          authorId: m.author_id,
          authorName: m.author_name,
          body: m.body,
          createdAt: m.created_at,
        })),
      })),
    },
    contracts: contracts.map((c) => ({
      id: c.id,
      kind: c.kind,
      version: c.version,
      previousId: c.previous_id,
      status: c.status,
      title: c.title,
      startsOn: c.starts_on,
      endsOn: c.ends_on,
      content: json(c.content),
      contentSha256: c.content_sha256,
      createdAt: c.created_at,
      sentAt: c.sent_at,
      signedAt: c.signed_at,
      signatures: signatures
        .filter((s) => s.contract_id === c.id)
        .map((s) => ({ userId: s.user_id, name: s.name, typedName: s.typed_name, signedAt: s.signed_at, contentSha256: s.content_sha256 })),
    })),
    sessions: sessions.map((s) => ({
      id: s.id,
      seriesId: s.series_id,
      startsAt: s.starts_at,
      endsAt: s.ends_at,
      timeZone: s.time_zone,
      status: s.status,
      place: s.place,
      videoUrl: s.video_url,
      recap: json(s.recap),
      notes: Object.fromEntries(notes.filter((n) => n.session_id === s.id).map((n) => [n.visibility, { body: n.body, updatedAt: n.updated_at }])),
      commitments: commitments
        .filter((c) => c.session_id === s.id)
        .map((c) => ({
          id: c.id,
          cardId: c.card_id,
          title: c.title,
          ownerId: c.owner_id,
          dueOn: c.due_on,
          result: c.review_result,
          reviewedAt: c.reviewed_at,
        })),
    })),
    measures: [...results.measures.entries()].map(([cardId, m]) => ({
      cardId,
      goalId: m.goalId,
      contractId: m.contractId,
      measure: m.measure,
      progress: m.progress,
      checkIns: checkIns
        .filter((c) => c.card_id === cardId)
        .map((c) => ({
          id: c.id,
          on: c.observed_on,
          value: c.value,
          note: c.note,
          sessionId: c.session_id,
          correctsId: c.corrects_id,
          recordedBy: c.recorded_by ? { id: c.recorded_by, name: c.recorded_by_name } : null,
          recordedAt: c.recorded_at,
        })),
    })),
    activity: events.map((e) => ({
      id: Number(e.id),
      type: e.type,
      entityType: e.entity_type,
      entityId: e.entity_id,
      actor: e.actor_id ? { id: e.actor_id, name: e.actor_name } : null,
      payload: json(e.payload),
      createdAt: e.created_at,
    })),
    metrics: presentMetrics(engagement.id, results, asker.role),
  };
}
