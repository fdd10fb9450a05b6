/** Secret tokens travel in a few URLs (invitation accept, calendar feed); they never reach the log. */
export function redactUrl(url: string): string {
  return url.replace(/(\/api\/invitations\/)[\w-]{20,}/, '$1[redacted]').replace(/(\/api\/calendar\/)[\w-]{20,}/, '$1[redacted]');
}
