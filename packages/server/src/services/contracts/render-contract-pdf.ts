import { type ContractContent, type ContractTemplate, contractAuditLabels, contractTemplateTerms, formatRate, measureText } from '@carriage/core';
import PDFDocument from 'pdfkit';
import { pdfBytes, writeLine, writeText } from '../../lib/pdf-text.js';

export interface PdfSignature {
  name: string;
  role: string;
  typedName: string;
  signedAt: string;
  ip: string | null;
  userAgent: string | null;
  contentSha256: string;
}

export interface PdfAuditEntry {
  type: string;
  actor: string | null;
  at: string;
  ip: string | null;
}

export interface PdfInput {
  contractId: string;
  version: number;
  template: ContractTemplate;
  content: ContractContent;
  contentSha256: string;
  signedAt: string;
  signatures: PdfSignature[];
  audit: PdfAuditEntry[];
  verifyUrl: string;
}

function when(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/**
 * The signed contract as a PDF, with a certificate page. The output depends only on its input (fixed
 * dates, no random ids), so the same signed contract always prints to the same bytes and the same hash.
 */
export function renderContractPdf(input: PdfInput): Promise<Buffer> {
  const c = input.content;
  const signedDate = new Date(input.signedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 60, right: 60 },
    bufferPages: true,
    info: {
      Title: c.title,
      Author: c.coachName,
      Subject: `${contractTemplateTerms[input.template].label}, version ${input.version}`,
      Keywords: `carriage-contract contractId=${input.contractId} contentSha256=${input.contentSha256}`,
      Creator: 'Carriage',
      Producer: 'Carriage',
      CreationDate: signedDate,
      ModDate: signedDate,
    },
  });
  const done = pdfBytes(doc);

  const ink = '#17212b';
  const soft = '#4a5764';
  const width = doc.page.width - 120;
  const heading = (t: string) => {
    doc.moveDown(0.8).fillColor(ink);
    writeText(doc, t, { size: 12.5, weight: 'bold' });
    doc.moveDown(0.25);
  };
  const para = (t: string, opts: { color?: string; size?: number } = {}) =>
    writeText(doc.fillColor(opts.color ?? ink), t || '—', { size: opts.size ?? 10.5 }, { width, lineGap: 2 });
  const strong = (t: string) => writeText(doc.fillColor(ink), t, { size: 10.5, weight: 'bold' }, { width, lineGap: 2 });
  const labelled = (label: string, value: string) => {
    writeText(doc.fillColor(ink), `${label}: `, { size: 10.5, weight: 'bold' }, { width, continued: true, lineGap: 2 });
    writeText(doc, value || '—', { size: 10.5 }, { lineGap: 2 });
  };
  const hash = (t: string, size: number) => doc.font('Courier').fontSize(size).text(t, { width });

  writeText(doc.fillColor(soft), `${contractTemplateTerms[input.template].label} · version ${input.version}`, { size: 9 });
  doc.moveDown(0.3);
  writeText(doc.fillColor(ink), c.title, { size: 20, weight: 'bold' }, { width });
  doc.moveDown(0.6);
  labelled('Coach', c.coachName);
  labelled(c.clientType === 'organization' ? 'Client (organization)' : 'Client', c.clientName);
  labelled('Period', `${c.startsOn ?? '—'} to ${c.endsOn ?? '—'}`);
  labelled('Rate', formatRate(c.rate) ?? '—');

  if (c.goals.length) {
    heading('Goals');
    c.goals.forEach((g, i) => {
      strong(`${i + 1}. ${g.what}`);
      const bits = [g.howMeasured && `Measured by: ${g.howMeasured}`, g.target && `Target: ${g.target}`, g.byWhen && `By: ${g.byWhen}`].filter(Boolean);
      if (bits.length) para(bits.join('   ·   '), { color: soft, size: 10 });
      if (g.measure) para(`Measure: ${measureText(g.measure)}`, { color: soft, size: 10 });
      doc.moveDown(0.3);
    });
  }
  if (c.deliverables.length) {
    heading('Deliverables');
    c.deliverables.forEach((d, i) => {
      strong(`${i + 1}. ${d.description}`);
      const goalNo = d.goalId ? c.goals.findIndex((g) => g.id === d.goalId) + 1 : 0;
      if (d.acceptanceCriteria) para(`Accepted when: ${d.acceptanceCriteria}`, { color: soft, size: 10 });
      const bits = [d.dueOn && `Due: ${d.dueOn}`, goalNo > 0 && `Serves goal ${goalNo}`].filter(Boolean);
      if (bits.length) para(bits.join('   ·   '), { color: soft, size: 10 });
      doc.moveDown(0.3);
    });
  }
  heading('Payment terms');
  para(c.paymentTerms);
  heading('Cancellation');
  para(c.cancellationTerms);
  heading('Confidentiality');
  para(c.confidentialityTerms);

  heading('Signatures');
  for (const s of c.signers) {
    const sig = input.signatures.find((x) => x.name === s.name && x.role === s.role);
    strong(`${s.name} (${s.role})`);
    para(sig ? `Signed electronically as “${sig.typedName}” on ${when(sig.signedAt)}` : 'Not signed', { color: soft, size: 10 });
    doc.moveDown(0.3);
  }

  // The certificate: what was signed, by whom, when and from where.
  doc.addPage();
  writeText(doc.fillColor(ink), 'Signature certificate', { size: 18, weight: 'bold' });
  doc.moveDown(0.3);
  para(`This certificate belongs to “${c.title}”, version ${input.version}. Every signer signed the content identified by the hash below.`, { color: soft });
  heading('Document');
  labelled('Contract id', input.contractId);
  labelled('Signed by every signer', when(input.signedAt));
  strong('Content SHA-256:');
  hash(input.contentSha256, 9.5);
  heading('Signers');
  for (const s of input.signatures) {
    strong(`${s.name} (${s.role})`);
    para(`Typed name: ${s.typedName}. Consent to sign electronically: given.`, { size: 9.5 });
    para(`Signed: ${when(s.signedAt)}   IP address: ${s.ip ?? 'unknown'}`, { size: 9.5 });
    para(`Browser: ${(s.userAgent ?? 'unknown').slice(0, 160)}`, { size: 9, color: soft });
    doc.fillColor(soft);
    hash(`Content seen: ${s.contentSha256}`, 8.5);
    doc.moveDown(0.4);
  }
  heading('Audit trail');
  for (const a of input.audit) {
    para(`${when(a.at)}  ${contractAuditLabels[a.type] ?? a.type}${a.actor ? ` by ${a.actor}` : ''}${a.ip ? ` (IP ${a.ip})` : ''}`, { size: 9.5 });
  }
  heading('Verification');
  para(
    `To check that a copy of this PDF is unaltered, upload it at ${input.verifyUrl}, or compare the content SHA-256 above. Any change to the file or to the contract's content gives a different hash.`,
    { color: soft, size: 9.5 },
  );

  const range = doc.bufferedPageRange();
  const title = [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(c.title)].map((g) => g.segment);
  const shortTitle = title.length > 60 ? `${title.slice(0, 59).join('')}…` : c.title;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    writeLine(
      doc.fillColor(soft),
      `${shortTitle} · v${input.version} · SHA-256 ${input.contentSha256.slice(0, 16)}… · page ${i + 1} of ${range.count}`,
      { size: 8 },
      { x: 60, y: doc.page.height - 36, width, align: 'center' },
    );
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
