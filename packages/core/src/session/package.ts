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
