import { type ContractContent, type ContractTemplate, contractAuditLabels, contractTemplateTerms, formatRate } from '@carriage/core';
import PDFDocument from 'pdfkit';

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

// The built-in fonts speak Windows-1252; other characters are spelled out as close as they can be.
const winAnsiExtra = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const lookalikes: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i', Œ: 'OE', œ: 'oe', '−': '-', '‐': '-', '‑': '-' };
function printable(s: string): string {
  let out = '';
  for (const ch of s.normalize('NFC')) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\n' || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || winAnsiExtra.has(ch)) out += ch;
    else {
      const base = lookalikes[ch] ?? ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
      out += /^[\x20-\x7e]+$/.test(base) ? base : '?';
    }
  }
  return out;
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
      Title: printable(c.title),
      Author: printable(c.coachName),
      Subject: `${contractTemplateTerms[input.template].label}, version ${input.version}`,
      Keywords: `carriage-contract contractId=${input.contractId} contentSha256=${input.contentSha256}`,
      Creator: 'Carriage',
      Producer: 'Carriage',
      CreationDate: signedDate,
      ModDate: signedDate,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const ink = '#17212b';
  const soft = '#4a5764';
  const width = doc.page.width - 120;
  const heading = (t: string) => {
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(12.5).fillColor(ink).text(printable(t));
    doc.moveDown(0.25);
  };
  const para = (t: string, opts: { color?: string; size?: number } = {}) =>
    doc
      .font('Helvetica')
      .fontSize(opts.size ?? 10.5)
      .fillColor(opts.color ?? ink)
      .text(printable(t || '—'), { width, lineGap: 2 });
  const labelled = (label: string, value: string) => {
    doc
      .font('Helvetica-Bold')
      .fontSize(10.5)
      .fillColor(ink)
      .text(`${printable(label)}: `, { continued: true, lineGap: 2 });
    doc.font('Helvetica').text(printable(value || '—'), { lineGap: 2 });
  };

  doc.font('Helvetica').fontSize(9).fillColor(soft).text(`${contractTemplateTerms[input.template].label} · version ${input.version}`);
  doc.moveDown(0.3).font('Helvetica-Bold').fontSize(20).fillColor(ink).text(printable(c.title), { width });
  doc.moveDown(0.6);
  labelled('Coach', c.coachName);
  labelled(c.clientType === 'organization' ? 'Client (organization)' : 'Client', c.clientName);
  labelled('Period', `${c.startsOn ?? '—'} to ${c.endsOn ?? '—'}`);
  labelled('Rate', formatRate(c.rate) ?? '—');

  if (c.goals.length) {
    heading('Goals');
    c.goals.forEach((g, i) => {
      doc
        .font('Helvetica-Bold')
        .fontSize(10.5)
        .fillColor(ink)
        .text(`${i + 1}. ${printable(g.what)}`, { width, lineGap: 2 });
      const bits = [g.howMeasured && `Measured by: ${g.howMeasured}`, g.target && `Target: ${g.target}`, g.byWhen && `By: ${g.byWhen}`].filter(Boolean);
      if (bits.length) para(bits.join('   ·   '), { color: soft, size: 10 });
      doc.moveDown(0.3);
    });
  }
  if (c.deliverables.length) {
    heading('Deliverables');
    c.deliverables.forEach((d, i) => {
      doc
        .font('Helvetica-Bold')
        .fontSize(10.5)
        .fillColor(ink)
        .text(`${i + 1}. ${printable(d.description)}`, { width, lineGap: 2 });
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
    doc
      .font('Helvetica-Bold')
      .fontSize(10.5)
      .fillColor(ink)
      .text(`${printable(s.name)} (${s.role})`, { lineGap: 2 });
    para(sig ? `Signed electronically as “${sig.typedName}” on ${when(sig.signedAt)}` : 'Not signed', { color: soft, size: 10 });
    doc.moveDown(0.3);
  }

  // The certificate: what was signed, by whom, when and from where.
  doc.addPage();
  doc.font('Helvetica-Bold').fontSize(18).fillColor(ink).text('Signature certificate');
  doc.moveDown(0.3);
  para(`This certificate belongs to “${c.title}”, version ${input.version}. Every signer signed the content identified by the hash below.`, { color: soft });
  heading('Document');
  labelled('Contract id', input.contractId);
  labelled('Signed by every signer', when(input.signedAt));
  doc.font('Helvetica-Bold').fontSize(10.5).fillColor(ink).text('Content SHA-256:');
  doc.font('Courier').fontSize(9.5).text(input.contentSha256, { width });
  heading('Signers');
  for (const s of input.signatures) {
    doc
      .font('Helvetica-Bold')
      .fontSize(10.5)
      .fillColor(ink)
      .text(`${printable(s.name)} (${s.role})`);
    para(`Typed name: ${s.typedName}. Consent to sign electronically: given.`, { size: 9.5 });
    para(`Signed: ${when(s.signedAt)}   IP address: ${s.ip ?? 'unknown'}`, { size: 9.5 });
    para(`Browser: ${(s.userAgent ?? 'unknown').slice(0, 160)}`, { size: 9, color: soft });
    doc.font('Courier').fontSize(8.5).fillColor(soft).text(`Content seen: ${s.contentSha256}`, { width });
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
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor(soft)
      .text(
        `${printable(c.title)} · v${input.version} · SHA-256 ${input.contentSha256.slice(0, 16)}… · page ${i + 1} of ${range.count}`,
        60,
        doc.page.height - 36,
        {
          width,
          align: 'center',
          lineBreak: false,
        },
      );
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
