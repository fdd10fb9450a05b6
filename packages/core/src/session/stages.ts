import type { ColumnKind } from '../board/columns.js';

/** What became of a scheduled session. */
export const sessionStatuses = ['scheduled', 'held', 'cancelled', 'no_show'] as const;
export type SessionStatus = (typeof sessionStatuses)[number];

/**
 * The agenda of a session, in order: clear the air (WIFLE), read the board right to left
 * (Verify, In Progress, then pull from To Do), agree the commitments, and close with the recap.
 */
export const sessionStages = ['wifle', 'verify', 'in_progress', 'pull', 'commitments', 'recap'] as const;
export type SessionStage = (typeof sessionStages)[number];

export const stageLabels: Record<SessionStage, string> = {
  wifle: 'WIFLE',
  verify: 'Verify',
  in_progress: 'In Progress',
  pull: 'Pull',
  commitments: 'Commitments',
  recap: 'Recap',
};

/**
 * What each stage is, in a sentence: WIFLE is spelled out where it first appears (the session list, the
 * room's stepper, the recap), as an <abbr> title and as visible text.
 */
export const stageDescriptions: Record<SessionStage, string> = {
  wifle: 'What I Feel Like Expressing: everyone says what is on their mind before the board is read.',
  verify: 'Cards the owner believes are done are checked against their definition of done.',
  in_progress: 'Work under way: what moves, what is stuck, what needs help.',
  pull: 'The next cards are pulled from To Do, within the WIP limit.',
  commitments: 'Each person says what they will finish by the next session.',
  recap: 'The session closed; its recap was written and sent.',
};

/** WIFLE spelled out. */
export const WIFLE_EXPANSION = 'What I Feel Like Expressing';

/** The board column kind each checkpoint stage reads (null for stages that don't read the board). */
export function stageColumnKind(stage: SessionStage): ColumnKind | null {
  if (stage === 'verify') return 'verify';
  if (stage === 'in_progress') return 'doing';
  if (stage === 'pull') return 'todo';
  return null;
}

/** The stage after this one (null after the recap). */
export function nextStage(stage: SessionStage | null): SessionStage | null {
  if (stage === null) return 'wifle';
  const i = sessionStages.indexOf(stage);
  return i < sessionStages.length - 1 ? sessionStages[i + 1] : null;
}

export type StageCheck = { ok: true } | { ok: false; message: string };

const refuse = (message: string): StageCheck => ({ ok: false, message });

/** Why a session in this status can't be run, or null when it can. */
function statusRefusal(status: SessionStatus): string | null {
  if (status === 'cancelled') return 'This session was cancelled, so it can’t be run. Schedule a new one instead.';
  if (status === 'no_show') return 'This session was marked as a no-show, so it can’t be run. Schedule a new one instead.';
  return null;
}

/**
 * Whether a session may move from one stage to another. A session starts with WIFLE, goes forward
 * one stage at a time, may step back to any earlier stage to revisit it, and reaches the recap only
 * by being closed; once closed it is final.
 */
export function checkStageChange(from: SessionStage | null, to: SessionStage, status: SessionStatus): StageCheck {
  const blocked = statusRefusal(status);
  if (blocked) return refuse(blocked);
  if (from === 'recap') return refuse('This session is closed; its recap is final.');
  if (to === 'recap') return refuse('Close the session to produce its recap.');
  if (from === to) return refuse(`The session is already at ${stageLabels[to]}.`);
  if (from === null) {
    return to === 'wifle' ? { ok: true } : refuse('A session starts with WIFLE: everyone clears the air before the board is read.');
  }
  const fromIndex = sessionStages.indexOf(from);
  const toIndex = sessionStages.indexOf(to);
  if (toIndex < fromIndex) return { ok: true };
  if (toIndex === fromIndex + 1) return { ok: true };
  const next = nextStage(from) as SessionStage;
  return refuse(`One stage at a time: after ${stageLabels[from]} comes ${stageLabels[next]}.`);
}

/** Whether a session at this stage may be closed (it must have reached Commitments). */
export function checkClose(stage: SessionStage | null, status: SessionStatus): StageCheck {
  const blocked = statusRefusal(status);
  if (blocked) return refuse(blocked);
  if (stage === 'recap') return refuse('This session is already closed.');
  if (stage === null) return refuse('This session hasn’t started yet. Start it with WIFLE, read the board, agree the commitments, then close it.');
  if (stage !== 'commitments') {
    return refuse(`Agree the commitments before closing: the session is at ${stageLabels[stage]}. Go on to Commitments, then close.`);
  }
  return { ok: true };
}

/** Whether the attendance of a session may be set to this status, from the one it has. */
export function checkStatusChange(from: SessionStatus, to: SessionStatus, stage: SessionStage | null): StageCheck {
  if (from === to) return { ok: true };
  if (stage === 'recap' && to !== 'held') return refuse('This session was held and closed; its attendance can’t change.');
  if (to === 'scheduled' && from === 'held') return refuse('A held session can’t go back to scheduled.');
  if (stage !== null && stage !== 'recap' && (to === 'cancelled' || to === 'no_show')) {
    return refuse('This session is under way. Close it, or step back through it, rather than cancelling it.');
  }
  return { ok: true };
}

/** A commitment is kept when its card reached Verify or Done by the next session; otherwise it was missed. */
export function reviewCommitment(columnKind: ColumnKind | null): 'kept' | 'missed' {
  return columnKind === 'done' || columnKind === 'verify' ? 'kept' : 'missed';
}

/** Commitment reliability: kept ÷ made (null when nothing was reviewed yet). */
export function commitmentReliability(kept: number, made: number): number | null {
  return made > 0 ? kept / made : null;
}
