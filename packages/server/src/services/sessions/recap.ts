import { formatInZone, formatMeasureValue } from '@carriage/core';
import PDFDocument from 'pdfkit';
import { pdfBytes, writeBullet, writeText } from '../../lib/pdf-text.js';
import type { RecapCheckIn } from '../measures/recap-check-ins.js';

/** What a closed session produced; stored with the session when it closes, and the same for everyone who may see it. */
export interface Recap {
  sessionId: string;
  engagementId: string;
  engagementTitle: string;
  startsAt: string;
  timeZone: string;
  closedAt: string;
  review: {
    kept: number;
    missed: number;
    items: { cardId: string; title: string; ownerName: string | null; dueOn: string | null; result: 'kept' | 'missed' }[];
  };
  completed: { cardId: string; title: string }[];
  moved: { cardId: string; title: string; from: string; to: string }[];
  blocked: { cardId: string; title: string; reason: string | null }[];
  commitments: { cardId: string; title: string; ownerName: string | null; dueOn: string | null }[];
  nextSession: { id: string; startsAt: string; timeZone: string } | null;
  /** Values of the goals' measures recorded since the previous session (absent in recaps written before measures existed). */
  checkIns?: RecapCheckIn[];
  /** Cards sent back from Verify in this session, with what is still missing (absent in older recaps). */
  sentBack?: { cardId: string; title: string; reason: string }[];
  /** Who agreed to the commitments and when; null when they did not (absent in older recaps). */
  agreements?: { userId: string; name: string; agreedAt: string | null }[];
  /** Commitments due after the next session: not a short step. */
  notAShortStep?: string[];
}

/** An addendum: written after the close, dated and signed. */
export interface RecapAddendum {
  id: string;
  body: string;
  authorName: string;
  createdAt: string;
}

/** The lines the recap adds for send-backs, agreement, long commitments and addenda, in every format alike. */
export function recapExtras(r: RecapView) {
  const flagged = new Set(r.notAShortStep ?? []);
  return {
    sentBack: (r.sentBack ?? []).map((b) => `${b.title} — ${b.reason}`),
    agreement: r.agreements?.length
      ? r.agreements.map((a) => (a.agreedAt ? `${a.name} agreed at ${formatInZone(a.agreedAt, r.timeZone)}` : `${a.name} did not say “We agree”`)).join('; ')
      : null,
    longStep: (cardId: string) => (flagged.has(cardId) ? ' — due after the next session: not a short step' : ''),
    addenda: r.addenda.map((a) => `Added ${formatInZone(a.createdAt, r.timeZone)} by ${a.authorName}: ${a.body.replace(/\s+/g, ' ').trim()}`),
  };
}

/** "Goal · Evenings out by six: 3 a week for 2026-09-22 (corrects 2 a week) — note, by Cory", in plain words. */
export function checkInLine(c: RecapCheckIn): string {
  const corrects = c.corrects === null ? '' : ` (corrects ${formatMeasureValue(c.corrects, c.unit)})`;
  return `${c.goal} · ${c.measure}: ${formatMeasureValue(c.value, c.unit)} for ${c.on}${corrects}${c.note ? ` — ${c.note}` : ''}${c.recordedBy ? `, by ${c.recordedBy}` : ''}`;
}

/** The recap as shown: the stored recap with the shared notes as they are now. Private notes never enter it. */
export interface RecapView extends Recap {
  sharedNotes: string;
  addenda: RecapAddendum[];
}

/** Escapes text from people so it reads literally in Markdown. */
function md(text: string): string {
  return text.replace(/([\\`*_{}[\]()<>#+!|~-])/g, '\\$1').replace(/\n+/g, ' ');
}

/** How the recap's words are marked: Markdown for the download, plain words for email (no backslashes in names). */
interface Marks {
  literal: (text: string) => string;
  none: (text: string) => string;
  heading: (level: 1 | 2, text: string) => string;
}
const markdown: Marks = { literal: md, none: (t) => `_${t}_`, heading: (level, t) => `${'#'.repeat(level)} ${t}` };
const plain: Marks = {
  literal: (t) => t.replace(/\n+/g, ' '),
  none: (t) => t,
  heading: (level, t) => `${t}\n${(level === 1 ? '=' : '-').repeat([...t].length)}`,
};

function recapDocument(r: RecapView, m: Marks): string {
  const when = formatInZone(r.startsAt, r.timeZone);
  const list = <T>(items: T[], line: (item: T) => string, none: string): string => (items.length ? items.map((i) => `- ${line(i)}`).join('\n') : m.none(none));
  const extras = recapExtras(r);
  const owner = (name: string | null, due: string | null) => [name ? `owner: ${m.literal(name)}` : null, due ? `due ${due}` : null].filter(Boolean).join(', ');
  const parts = [
    m.heading(1, `Session recap — ${m.literal(r.engagementTitle)}`),
    '',
    `Session of ${when}.`,
    '',
    m.heading(2, 'Commitments reviewed'),
    '',
    r.review.items.length
      ? `${r.review.kept} kept, ${r.review.missed} missed.\n\n${list(r.review.items, (i) => `${i.result === 'kept' ? 'Kept' : 'Missed'}: ${m.literal(i.title)}`, '')}`
      : m.none('No earlier commitments to review.'),
    '',
    m.heading(2, 'Completed'),
    '',
    list(r.completed, (c) => m.literal(c.title), 'Nothing was accepted as done.'),
    '',
    m.heading(2, 'Moved'),
    '',
    list(r.moved, (x) => `${m.literal(x.title)}: ${m.literal(x.from)} → ${m.literal(x.to)}`, 'Nothing else moved.'),
    '',
    ...(extras.sentBack.length ? [m.heading(2, 'Sent back'), '', list(r.sentBack ?? [], (b) => `${m.literal(b.title)} — ${m.literal(b.reason)}`, ''), ''] : []),
    m.heading(2, 'Blocked'),
    '',
    list(r.blocked, (b) => `${m.literal(b.title)}${b.reason ? ` — ${m.literal(b.reason)}` : ''}`, 'Nothing is blocked.'),
    '',
    m.heading(2, 'New commitments'),
    '',
    list(
      r.commitments,
      (c) => {
        const about = owner(c.ownerName, c.dueOn);
        return `${about ? `${m.literal(c.title)} (${about})` : m.literal(c.title)}${extras.longStep(c.cardId)}`;
      },
      'No new commitments.',
    ),
    ...(extras.agreement ? ['', m.literal(`${extras.agreement}.`)] : []),
    '',
    m.heading(2, 'Check-ins since the previous session'),
    '',
    list(r.checkIns ?? [], (c) => m.literal(checkInLine(c)), 'No values recorded since the previous session.'),
    '',
    m.heading(2, 'Next session'),
    '',
    r.nextSession ? formatInZone(r.nextSession.startsAt, r.nextSession.timeZone) : m.none('Not scheduled yet.'),
    '',
  ];
  if (r.sharedNotes.trim()) parts.push(m.heading(2, 'Shared notes'), '', r.sharedNotes.trim(), '');
  if (extras.addenda.length)
    parts.push(
      m.heading(2, 'Addenda (written after the session closed)'),
      '',
      list(extras.addenda, (line) => m.literal(line), ''),
      '',
    );
  return parts.join('\n');
}

/** The recap as a Markdown document (the download). */
export function recapMarkdown(r: RecapView): string {
  return recapDocument(r, markdown);
}

/** The recap as plain text (the email): the same words, with people's names and titles exactly as typed. */
export function recapText(r: RecapView): string {
  return recapDocument(r, plain);
}

/** The recap as a PDF document (A4, one column). */
export function recapPdf(r: RecapView): Promise<Buffer> {
  const extras = recapExtras(r);
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `Session recap — ${r.engagementTitle}`, Producer: 'Carriage', Creator: 'Carriage' } });
  const done = pdfBytes(doc);
  const ink = '#17212b';
  const soft = '#4a5764';
  const width = doc.page.width - 112;
  writeText(doc.fillColor(ink), 'Session recap', { size: 20, weight: 'bold' });
  writeText(doc.fillColor(soft), r.engagementTitle, { size: 12 }, { width });
  writeText(doc, formatInZone(r.startsAt, r.timeZone), { size: 12 }, { width });
  const title = (t: string) => {
    doc.moveDown(1);
    writeText(doc.fillColor(ink), t, { size: 13, weight: 'bold' }, { width });
    doc.moveDown(0.3);
  };
  const section = (heading: string, lines: string[], none: string) => {
    title(heading);
    if (lines.length === 0) writeText(doc.fillColor(soft), none, { size: 11 }, { width });
    for (const line of lines) writeBullet(doc.fillColor(ink), line, { size: 11 }, { width, lineGap: 1 });
  };
  const review = r.review.items.map((i) => `${i.result === 'kept' ? 'Kept' : 'Missed'}: ${i.title}`);
  section(
    r.review.items.length ? `Commitments reviewed (${r.review.kept} kept, ${r.review.missed} missed)` : 'Commitments reviewed',
    review,
    'No earlier commitments to review.',
  );
  section(
    'Completed',
    r.completed.map((c) => c.title),
    'Nothing was accepted as done.',
  );
  section(
    'Moved',
    r.moved.map((m) => `${m.title}: ${m.from} → ${m.to}`),
    'Nothing else moved.',
  );
  if (extras.sentBack.length) section('Sent back', extras.sentBack, '');
  section(
    'Blocked',
    r.blocked.map((b) => (b.reason ? `${b.title} — ${b.reason}` : b.title)),
    'Nothing is blocked.',
  );
  section(
    'New commitments',
    r.commitments.map((c) => {
      const about = [c.ownerName ? `owner: ${c.ownerName}` : null, c.dueOn ? `due ${c.dueOn}` : null].filter(Boolean).join(', ');
      return `${about ? `${c.title} (${about})` : c.title}${extras.longStep(c.cardId)}`;
    }),
    'No new commitments.',
  );
  if (extras.agreement) writeText(doc.fillColor(soft), `${extras.agreement}.`, { size: 11 }, { width });
  section('Check-ins since the previous session', (r.checkIns ?? []).map(checkInLine), 'No values recorded since the previous session.');
  section('Next session', r.nextSession ? [formatInZone(r.nextSession.startsAt, r.nextSession.timeZone)] : [], 'Not scheduled yet.');
  if (r.sharedNotes.trim()) {
    title('Shared notes');
    writeText(doc.fillColor(ink), r.sharedNotes.trim(), { size: 11 }, { width });
  }
  if (extras.addenda.length) section('Addenda (written after the session closed)', extras.addenda, '');
  doc.end();
  return done;
}
