import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact.js';

describe('log redaction', () => {
  it('keeps invitation and calendar tokens out of logged URLs', () => {
    expect(redactUrl('/api/invitations/AbCdEfGhIjKlMnOpQrStUvWxYz012345/accept')).toBe('/api/invitations/[redacted]/accept');
    expect(redactUrl('/api/calendar/AbCdEfGhIjKlMnOpQrStUvWxYz012345.ics')).toBe('/api/calendar/[redacted].ics');
    expect(redactUrl('/api/invitations/abc123/resend')).toBe('/api/invitations/abc123/resend');
    expect(redactUrl('/api/engagements/abc')).toBe('/api/engagements/abc');
  });
});
