import { describe, expect, it } from 'vitest';
import {
  checkClose,
  checkStageChange,
  checkStatusChange,
  commitmentReliability,
  nextStage,
  reviewCommitment,
  type SessionStage,
  sessionStages,
  stageColumnKind,
} from './stages.js';

const ok = { ok: true };

describe('the checkpoint stages', () => {
  it('run WIFLE → Verify → In Progress → Pull → Commitments, one at a time, and close into the recap', () => {
    let stage: SessionStage | null = null;
    const walked: string[] = [];
    for (const to of ['wifle', 'verify', 'in_progress', 'pull', 'commitments'] as const) {
      expect(checkStageChange(stage, to, 'scheduled')).toEqual(ok);
      stage = to;
      walked.push(to);
    }
    expect(walked).toEqual(sessionStages.slice(0, 5));
    expect(checkClose(stage, 'scheduled')).toEqual(ok);
    expect(nextStage('commitments')).toBe('recap');
    expect(nextStage('recap')).toBeNull();
  });

  it('starts only with WIFLE', () => {
    expect(checkStageChange(null, 'verify', 'scheduled')).toEqual({
      ok: false,
      message: 'A session starts with WIFLE: everyone clears the air before the board is read.',
    });
  });

  it('refuses skipping ahead, and names the next stage', () => {
    expect(checkStageChange('wifle', 'pull', 'scheduled')).toEqual({ ok: false, message: 'One stage at a time: after WIFLE comes Verify.' });
    expect(checkStageChange('verify', 'commitments', 'scheduled')).toEqual({ ok: false, message: 'One stage at a time: after Verify comes In Progress.' });
  });

  it('allows stepping back to revisit an earlier stage', () => {
    expect(checkStageChange('pull', 'verify', 'scheduled')).toEqual(ok);
    expect(checkStageChange('commitments', 'wifle', 'scheduled')).toEqual(ok);
  });

  it('reaches the recap only by closing, and a closed session is final', () => {
    expect(checkStageChange('commitments', 'recap', 'scheduled')).toEqual({ ok: false, message: 'Close the session to produce its recap.' });
    expect(checkStageChange('recap', 'wifle', 'held')).toEqual({ ok: false, message: 'This session is closed; its recap is final.' });
    expect(checkClose('recap', 'held')).toEqual({ ok: false, message: 'This session is already closed.' });
  });

  it('refuses closing before the commitments, with the stage it is at', () => {
    expect(checkClose('in_progress', 'scheduled')).toEqual({
      ok: false,
      message: 'Agree the commitments before closing: the session is at In Progress. Go on to Commitments, then close.',
    });
    expect(checkClose(null, 'scheduled').ok).toBe(false);
  });

  it('refuses the same stage, and running a cancelled or no-show session', () => {
    expect(checkStageChange('verify', 'verify', 'scheduled')).toEqual({ ok: false, message: 'The session is already at Verify.' });
    expect(checkStageChange(null, 'wifle', 'cancelled')).toEqual({
      ok: false,
      message: 'This session was cancelled, so it can’t be run. Schedule a new one instead.',
    });
    expect(checkStageChange(null, 'wifle', 'no_show').ok).toBe(false);
    expect(checkClose('commitments', 'cancelled').ok).toBe(false);
  });

  it('guards attendance changes', () => {
    expect(checkStatusChange('scheduled', 'cancelled', null)).toEqual(ok);
    expect(checkStatusChange('scheduled', 'no_show', null)).toEqual(ok);
    expect(checkStatusChange('scheduled', 'held', null)).toEqual(ok);
    expect(checkStatusChange('held', 'scheduled', null).ok).toBe(false);
    expect(checkStatusChange('scheduled', 'cancelled', 'verify').ok).toBe(false);
    expect(checkStatusChange('held', 'cancelled', 'recap').ok).toBe(false);
  });

  it('reads the board right to left', () => {
    expect(['verify', 'in_progress', 'pull'].map((s) => stageColumnKind(s as SessionStage))).toEqual(['verify', 'doing', 'todo']);
    expect(stageColumnKind('wifle')).toBeNull();
  });

  it('reviews commitments: kept when the card reached Verify or Done', () => {
    expect(reviewCommitment('done')).toBe('kept');
    expect(reviewCommitment('verify')).toBe('kept');
    expect(reviewCommitment('doing')).toBe('missed');
    expect(reviewCommitment('todo')).toBe('missed');
    expect(reviewCommitment(null)).toBe('missed');
    expect(commitmentReliability(2, 3)).toBeCloseTo(0.667, 3);
    expect(commitmentReliability(0, 0)).toBeNull();
  });
});
