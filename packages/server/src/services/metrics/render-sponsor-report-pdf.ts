import type { SponsorReport } from '@carriage/core';
import PDFDocument from 'pdfkit';

// The built-in fonts speak Windows-1252; other characters are spelled as close as they can be.
const winAnsiExtra = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
function printable(s: string): string {
  let out = '';
  for (const ch of s.normalize('NFC')) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\n' || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || winAnsiExtra.has(ch)) out += ch;
    else {
      const base = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
      out += /^[\x20-\x7e]+$/.test(base) ? base : '?';
    }
  }
  return out;
}

const percent = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`);
const longDate = (d: string) =>
  new Date(`${d.slice(0, 10)}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** The sponsor report as an A4 PDF: the same content as the page, nothing more. */
export function renderSponsorReportPdf(report: SponsorReport): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 56,
      info: { Title: printable(`Sponsor report — ${report.engagement.title}`), Producer: 'Carriage', Creator: 'Carriage' },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    const ink = '#1f2430';
    const soft = '#5b6272';
    const text = (s: string) => printable(s);
    const heading = (s: string) =>
      doc.moveDown(1.2).fillColor(ink).font('Helvetica-Bold').fontSize(14).text(text(s)).moveDown(0.4).font('Helvetica').fontSize(11);

    doc.fillColor(soft).font('Helvetica').fontSize(10).text('SPONSOR REPORT');
    doc.fillColor(ink).font('Helvetica-Bold').fontSize(22).text(text(report.engagement.title));
    doc
      .font('Helvetica')
      .fontSize(12)
      .fillColor(soft)
      .text(text(`${report.engagement.clientName} · coached by ${report.engagement.coachName}`))
      .text(text(`Report as of ${longDate(report.asOf)}`));

    heading('Journey');
    if (report.journey) {
      const j = report.journey;
      doc.fillColor(ink).text(text(`${longDate(j.startsOn)} – ${longDate(j.endsOn)}: day ${j.elapsedDays} of ${j.totalDays}.`));
      if (j.deliverables.total > 0) doc.text(text(`Deliverables done: ${j.deliverables.done} of ${j.deliverables.total}.`));
    } else doc.fillColor(soft).text('The engagement has no contract dates yet.');

    heading('Goals');
    if (report.goals.length === 0) doc.fillColor(soft).text('No goals have been shared with the sponsor yet.');
    for (const g of report.goals) {
      doc
        .fillColor(ink)
        .font('Helvetica-Bold')
        .text(text(g.title), { continued: true })
        .font('Helvetica')
        .fillColor(soft)
        .text(text(g.linked === 0 ? '  no cards yet' : `  ${g.finished} of ${g.linked} cards done (${percent(g.progress)})${g.done ? ' · goal reached' : ''}`));
      for (const d of g.delivered) doc.fillColor(ink).text(text(`• ${d.title} — ${longDate(d.finishedOn)}`), { indent: 14 });
      doc.moveDown(0.5);
    }

    heading('Sessions');
    const s = report.sessions;
    const held = s.held === 0 ? 'No sessions held yet' : `${s.held} session${s.held === 1 ? '' : 's'} held`;
    doc.fillColor(ink).text(text(`${held}${s.included !== null ? `; ${s.left} of ${s.included} left in the package` : ''}.`));
    if (s.nextAt) doc.text(text(`Next session: ${longDate(s.nextAt)}.`));

    heading('Commitment reliability');
    const o = report.commitments.overall;
    doc
      .fillColor(ink)
      .text(
        o.reliability === null
          ? 'No commitments reviewed yet.'
          : text(`${o.kept} of ${o.kept + o.missed} reviewed commitments kept (${percent(o.reliability)}).`),
      );
    for (const c of report.commitments.sessions) {
      if (c.kept + c.missed === 0) continue;
      doc.fillColor(soft).text(text(`Session of ${longDate(c.sessionOn)}: ${c.kept} of ${c.kept + c.missed} kept`), { indent: 14 });
    }
    doc.end();
  });
}
