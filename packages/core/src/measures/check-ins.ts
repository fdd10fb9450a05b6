/** One recorded value of a goal's measure, as stored: a correction is a new record naming the one it corrects. */
export interface CheckInRecord {
  id: string;
  value: number;
  /** The day the value is about (YYYY-MM-DD). */
  on: string;
  note: string;
  /** When it was recorded (ISO instant). */
  recordedAt: string;
  recordedBy: string | null;
  correctsId: string | null;
  sessionId: string | null;
}

/** A value as it stands now, with the values it corrected (oldest first), so the history is never lost. */
export interface CurrentCheckIn extends CheckInRecord {
  replaced: CheckInRecord[];
}

const byRecorded = (a: CheckInRecord, b: CheckInRecord) => (a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : a.id < b.id ? -1 : 1);

/**
 * The values that stand, in the order of the days they are about: a record corrected by a later one is
 * replaced by it (through any chain of corrections), and keeps its place in the corrector's history.
 * Two values about the same day keep the order they were first recorded in.
 */
export function currentCheckIns(records: readonly CheckInRecord[]): CurrentCheckIn[] {
  const byId = new Map(records.map((r) => [r.id, r]));
  const correctedBy = new Map<string, CheckInRecord>();
  for (const r of [...records].sort(byRecorded)) if (r.correctsId && byId.has(r.correctsId) && !correctedBy.has(r.correctsId)) correctedBy.set(r.correctsId, r);
  const out: (CurrentCheckIn & { firstRecordedAt: string })[] = [];
  for (const r of records) {
    if (correctedBy.has(r.id)) continue;
    const replaced: CheckInRecord[] = [];
    const seen = new Set([r.id]);
    for (let at = r.correctsId ? byId.get(r.correctsId) : undefined; at && !seen.has(at.id); at = at.correctsId ? byId.get(at.correctsId) : undefined) {
      seen.add(at.id);
      replaced.unshift(at);
    }
    out.push({ ...r, replaced, firstRecordedAt: (replaced[0] ?? r).recordedAt });
  }
  out.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.firstRecordedAt < b.firstRecordedAt ? -1 : a.firstRecordedAt > b.firstRecordedAt ? 1 : 0));
  return out.map(({ firstRecordedAt: _first, ...c }) => c);
}
