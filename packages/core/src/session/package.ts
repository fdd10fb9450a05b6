import { DateTime } from 'luxon';

export interface SessionPackageUsage {
  included: number | null;
  used: number;
  left: number | null;
}

/**
 * Sessions used of a contract's package: held sessions on or after the contract's start date, by the
 * coach's calendar day. Without a contract every held session counts and nothing is "left".
 */
export function sessionPackageUsage(
  heldStartsAt: readonly string[],
  contract: { startsOn: string | null; sessionsIncluded: number | null } | null,
  timeZone: string,
): SessionPackageUsage {
  const startsOn = contract?.startsOn ?? null;
  const used =
    startsOn === null ? heldStartsAt.length : heldStartsAt.filter((s) => (DateTime.fromISO(s, { zone: timeZone }).toISODate() ?? '') >= startsOn).length;
  const included = contract?.sessionsIncluded ?? null;
  return { included, used, left: included === null ? null : Math.max(0, included - used) };
}

/** How many sessions were held, and what is left of the package: one count for the header, Results, the sponsor report and the portfolio. */
export interface SessionCount extends SessionPackageUsage {
  /** Sessions held up to the day counted, whatever the contract. */
  held: number;
  /** Start of the latest of them. */
  lastHeldAt: string | null;
}

/**
 * Counts an engagement's sessions the one way every view shows them: "held" is every session marked held
 * that started by the end of `upTo` (YYYY-MM-DD in the coach's zone; every one without it), and the
 * package's use counts those of them on or after the contract's start (`sessionPackageUsage`).
 */
export function countSessions(
  sessions: readonly { startsAt: string; status: string }[],
  contract: { startsOn: string | null; sessionsIncluded: number | null } | null,
  timeZone: string,
  upTo?: string | null,
): SessionCount {
  const held = sessions
    .filter((s) => s.status === 'held' && (!upTo || (DateTime.fromISO(s.startsAt, { zone: timeZone }).toISODate() ?? '') <= upTo))
    .map((s) => s.startsAt)
    .sort();
  return { held: held.length, lastHeldAt: held.length > 0 ? held[held.length - 1] : null, ...sessionPackageUsage(held, contract, timeZone) };
}
