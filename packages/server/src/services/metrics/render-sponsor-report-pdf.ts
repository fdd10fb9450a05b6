import { explainMeasure, formatMeasureValue, type SponsorReport } from '@carriage/core';
import PDFDocument from 'pdfkit';
import { pdfBytes, writeBullet, writeText } from '../../lib/pdf-text.js';

const percent = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`);
const longDate = (d: string) =>
  new Date(`${d.slice(0, 10)}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** The sponsor report as an A4 PDF: the same content as the page, nothing more. */
export function renderSponsorReportPdf(report: SponsorReport): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: `Sponsor report — ${report.engagement.title}`, Producer: 'Carriage', Creator: 'Carriage' },
  });
  const done = pdfBytes(doc);
  const ink = '#1f2430';
  const soft = '#5b6272';
  const width = doc.page.width - 112;
  const body = (s: string, color = ink) => writeText(doc.fillColor(color), s, { size: 11 }, { width });
  const heading = (s: string) => {
    doc.moveDown(1.2);
    writeText(doc.fillColor(ink), s, { size: 14, weight: 'bold' }, { width });
    doc.moveDown(0.4);
  };

  writeText(doc.fillColor(soft), 'SPONSOR REPORT', { size: 10 });
  writeText(doc.fillColor(ink), report.engagement.title, { size: 22, weight: 'bold' }, { width });
  writeText(doc.fillColor(soft), `${report.engagement.clientName} · coached by ${report.engagement.coachName}`, { size: 12 }, { width });
  writeText(doc, `Report as of ${longDate(report.asOf)}`, { size: 12 }, { width });

  heading('Journey');
  if (report.journey) {
    const j = report.journey;
    body(`${longDate(j.startsOn)} – ${longDate(j.endsOn)}: day ${j.elapsedDays} of ${j.totalDays}.`);
    if (j.deliverables.total > 0) body(`Deliverables done: ${j.deliverables.done} of ${j.deliverables.total}.`);
  } else body('The engagement has no contract dates yet.', soft);

  heading('Goals');
  body(explainMeasure.goalProgress(), soft);
  if (report.goals.length === 0) body('No goals have been shared with the sponsor yet.', soft);
  for (const g of report.goals) {
    writeText(doc.fillColor(ink), g.title, { size: 11, weight: 'bold' }, { width, continued: true });
    writeText(
      doc.fillColor(soft),
      g.linked === 0 ? ' · no cards yet' : ` · ${g.finished} of ${g.linked} cards done (${percent(g.progress)})${g.done ? ' · goal reached' : ''}`,
      { size: 11 },
    );
    if (g.measure) {
      const m = g.measure;
      const at = (p: { on: string; value: number }) => `${formatMeasureValue(p.value, m.unit)} on ${longDate(p.on)}`;
      const steps = [`baseline ${at(m.baseline)}`, m.midpoint && `midpoint ${at(m.midpoint)}`, m.latest ? `latest ${at(m.latest)}` : 'no value recorded yet'];
      writeText(doc.fillColor(ink), `${m.name}: ${steps.filter(Boolean).join(' → ')}.`, { size: 11 }, { width, indent: 14 });
      const share = m.share === null ? '' : `; ${percent(m.share)} of the way`;
      writeText(
        doc.fillColor(soft),
        `Target ${formatMeasureValue(m.target, m.unit)} by ${longDate(m.targetOn)}${share}${m.reached ? ' (reached)' : ''}.`,
        { size: 11 },
        { width, indent: 14 },
      );
    }
    for (const d of g.delivered) writeBullet(doc.fillColor(ink), `${d.title} — ${longDate(d.finishedOn)}`, { size: 11 }, { width, indent: 6 });
    doc.moveDown(0.5);
  }

  heading('Sessions');
  const s = report.sessions;
  const held = s.held === 0 ? 'No sessions held yet' : `${s.held} session${s.held === 1 ? '' : 's'} held`;
  body(`${held}${s.included !== null ? `; ${s.left} of ${s.included} left in the package` : ''}.`);
  if (s.nextAt) body(`Next session: ${longDate(s.nextAt)}.`);

  heading('Commitment reliability');
  const o = report.commitments.overall;
  body(explainMeasure.commitments(o.kept, o.kept + o.missed), soft);
  body(o.reliability === null ? 'No commitments reviewed yet.' : `${o.kept} of ${o.kept + o.missed} reviewed commitments kept (${percent(o.reliability)}).`);
  for (const c of report.commitments.sessions) {
    if (c.kept + c.missed === 0) continue;
    writeText(doc.fillColor(soft), `Session of ${longDate(c.sessionOn)}: ${c.kept} of ${c.kept + c.missed} kept`, { size: 11 }, { width, indent: 14 });
  }
  doc.end();
  return done;
}
