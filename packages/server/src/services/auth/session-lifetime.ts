const DAY = 86_400_000;

/** How long logins last: idle (sliding) and at most (from the log-in, however much it is used). */
export interface LoginLifetime {
  sessionTtlDays: number;
  sessionMaxDays: number;
}

/** The instant before which a session started is too old to use, whatever its idle expiry says. */
export function oldestLiveSessionStart(lifetime: LoginLifetime, now = Date.now()): string {
  return new Date(now - lifetime.sessionMaxDays * DAY).toISOString();
}

/** When a session used at `now` expires: the idle lifetime from now, but never past its absolute end. */
export function sessionExpiry(lifetime: LoginLifetime, createdAt: string, now = Date.now()): string {
  return new Date(Math.min(now + lifetime.sessionTtlDays * DAY, Date.parse(createdAt) + lifetime.sessionMaxDays * DAY)).toISOString();
}
