import { expect } from 'vitest';
import type { World } from './world.js';

export interface BoardColumn {
  id: string;
  name: string;
  kind: string;
  cards: { id: string; title: string; version: number; missing: string[]; blocked: boolean }[];
}

/** The board's columns by kind, as the coach sees them. */
export async function boardOf(w: World) {
  const res = await w.coach.get(`/api/engagements/${w.engagementId}/board`);
  expect(res.statusCode).toBe(200);
  const cols = res.json().columns as BoardColumn[];
  const by = (kind: string) => cols.find((c) => c.kind === kind) as BoardColumn;
  return { todo: by('todo'), doing: by('doing'), verify: by('verify'), done: by('done') };
}

/** Creates a card through the board API (as the coach unless told). */
export async function makeCard(w: World, body: Record<string, unknown>, who: 'coach' | 'coachee' = 'coach') {
  const res = await w[who].post(`/api/engagements/${w.engagementId}/cards`, body);
  if (res.statusCode !== 201) throw new Error(`card failed: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; version: number; title: string; columnId: string };
}

/** A ready task (owner, definition of done, due date, goal) in a column. */
export async function readyCard(w: World, columnId: string, title: string, goalColumnId: string) {
  const goal = await makeCard(w, { columnId: goalColumnId, type: 'goal', title: `Goal · ${title}` });
  return makeCard(w, {
    columnId,
    type: 'task',
    title,
    ownerId: w.coachee.user?.id,
    dueOn: '2026-04-20',
    definitionOfDone: [{ text: 'Done means done' }],
    parentId: goal.id,
  });
}

/** Schedules sessions as the coach and returns them. */
export async function schedule(w: World, body: Record<string, unknown>) {
  const res = await w.coach.post(`/api/engagements/${w.engagementId}/sessions`, { durationMinutes: 60, timeZone: 'Europe/Paris', ...body });
  if (res.statusCode !== 201) throw new Error(`schedule failed: ${res.statusCode} ${res.body}`);
  return res.json().sessions as { id: string; startsAt: string; seriesId: string | null }[];
}

/** Holds an unscheduled session now (a session far ahead can't be started) and walks it to its Commitments stage. */
export async function sessionNowAtCommitments(w: World): Promise<string> {
  const res = await w.coach.post(`/api/engagements/${w.engagementId}/sessions/now`, { durationMinutes: 60, timeZone: 'Europe/Paris' });
  if (res.statusCode !== 201) throw new Error(`session now failed: ${res.statusCode} ${res.body}`);
  const id = res.json().id as string;
  for (const stage of ['verify', 'in_progress', 'pull', 'commitments']) {
    const moved = await w.coach.post(`/api/sessions/${id}/stage`, { stage });
    if (moved.statusCode !== 200) throw new Error(`stage ${stage} failed: ${moved.statusCode} ${moved.body}`);
  }
  return id;
}

/** Walks a session from the start to its Commitments stage. */
export async function runToCommitments(w: World, sessionId: string) {
  for (const stage of ['wifle', 'verify', 'in_progress', 'pull', 'commitments']) {
    const res = await w.coach.post(`/api/sessions/${sessionId}/stage`, { stage });
    if (res.statusCode !== 200) throw new Error(`stage ${stage} failed: ${res.statusCode} ${res.body}`);
  }
}
