import { formatMoney, type Invoice, invoiceStateLabels, quantityText, taxRateText } from '@carriage/core';
import PDFDocument from 'pdfkit';
import { pdfBytes, writeText } from '../../lib/pdf-text.js';

const ink = '#17212b';
const soft = '#4a5764';
const line = '#c9d1d9';

/**
 * An invoice or credit note as an A4 PDF: the coach's business, who is billed, the contract it belongs
 * to, the lines, the tax summary per rate, the totals and how to pay. Its dates are the invoice's own,
 * so the same invoice always prints the same bytes. A draft says so across its top.
 */
export function renderInvoicePdf(inv: Invoice, contractTitle: string | null): Promise<Buffer> {
  const title = inv.kind === 'credit_note' ? 'Credit note' : 'Invoice';
  const stamp = new Date(inv.issuedAt ?? inv.createdAt);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 56, right: 56 },
    info: {
      Title: `${title} ${inv.number ?? '(draft)'}`,
      Author: inv.seller.name,
      Keywords: `carriage-invoice invoiceId=${inv.id}`,
      Creator: 'Carriage',
      Producer: 'Carriage',
      CreationDate: stamp,
      ModDate: stamp,
    },
  });
  const done = pdfBytes(doc);
  const left = 56;
  const width = doc.page.width - 112;
  const money = (minor: number) => formatMoney(minor, inv.currency);
  const text = (t: string, size = 10, color = ink, weight: 'regular' | 'bold' = 'regular', opts: PDFKit.Mixins.TextOptions = {}) =>
    writeText(doc.fillColor(color), t, { size, weight }, { width, lineGap: 1.5, ...opts });

  if (inv.status === 'draft') text('DRAFT — not valid as an invoice until it is issued with a number', 9, '#b42318', 'bold');
  text(`${title} ${inv.number ?? ''}`.trim(), 22, ink, 'bold');
  if (inv.creditFor) text(`Cancels invoice ${inv.creditFor.number ?? ''}`, 10, soft);
  doc.moveDown(0.8);

  // The two parties side by side.
  const top = doc.y;
  const half = width / 2 - 10;
  const party = (label: string, p: { name: string; address: string; taxId: string }, x: number) => {
    writeText(doc.fillColor(soft), label.toUpperCase(), { size: 8, weight: 'bold' }, { width: half }, { x, y: top });
    writeText(doc.fillColor(ink), p.name || '—', { size: 11, weight: 'bold' }, { width: half });
    if (p.address) writeText(doc.fillColor(ink), p.address, { size: 10 }, { width: half, lineGap: 1.5 });
    if (p.taxId) writeText(doc.fillColor(soft), `Tax id: ${p.taxId}`, { size: 9 }, { width: half });
    return doc.y;
  };
  const endSeller = party('From', inv.seller, left);
  const endBuyer = party('Billed to', inv.buyer, left + half + 20);
  doc.x = left;
  doc.y = Math.max(endSeller, endBuyer) + 14;

  const facts: [string, string][] = [
    ['Issue date', inv.issuedOn ?? '—'],
    ...(inv.kind === 'invoice' ? ([['Due date', inv.dueOn ?? `${inv.daysToPay} days after issue`]] as [string, string][]) : []),
    ['Currency', inv.currency],
    ...(contractTitle ? ([['Contract', contractTitle]] as [string, string][]) : []),
  ];
  for (const [k, v] of facts) {
    writeText(doc.fillColor(soft), `${k}: `, { size: 10, weight: 'bold' }, { continued: true });
    writeText(doc.fillColor(ink), v, { size: 10 }, { width });
  }
  doc.moveDown(0.8);

  // Lines.
  const cols = { desc: left, qty: left + width * 0.52, unit: left + width * 0.62, tax: left + width * 0.77, amount: left + width * 0.85 };
  const colWidth = { desc: width * 0.5, qty: width * 0.09, unit: width * 0.14, tax: width * 0.07, amount: width * 0.15 };
  const row = (cells: [string, string, string, string, string], weight: 'regular' | 'bold', color = ink) => {
    const y = doc.y;
    writeText(doc.fillColor(color), cells[0], { size: 9.5, weight }, { width: colWidth.desc }, { x: cols.desc, y });
    const bottom = doc.y;
    writeText(doc.fillColor(color), cells[1], { size: 9.5, weight }, { width: colWidth.qty, align: 'right' }, { x: cols.qty, y });
    writeText(doc.fillColor(color), cells[2], { size: 9.5, weight }, { width: colWidth.unit, align: 'right' }, { x: cols.unit, y });
    writeText(doc.fillColor(color), cells[3], { size: 9.5, weight }, { width: colWidth.tax, align: 'right' }, { x: cols.tax, y });
    writeText(doc.fillColor(color), cells[4], { size: 9.5, weight }, { width: colWidth.amount, align: 'right' }, { x: cols.amount, y });
    doc.x = left;
    doc.y = Math.max(bottom, doc.y) + 4;
  };
  const rule = () => {
    doc
      .moveTo(left, doc.y)
      .lineTo(left + width, doc.y)
      .strokeColor(line)
      .lineWidth(0.6)
      .stroke();
    doc.y += 4;
  };
  row(['Description', 'Qty', 'Unit price', 'Tax', 'Amount'], 'bold', soft);
  rule();
  for (const l of inv.lines) {
    if (doc.y > doc.page.height - 140) doc.addPage();
    row([l.description, quantityText(l.quantityMilli), money(l.unitMinor), taxRateText(l.taxRateBp), money(l.amountMinor)], 'regular');
  }
  rule();

  // Tax summary and totals, right-aligned.
  const label = left + width * 0.45;
  const labelWidth = width * 0.38;
  const total = (k: string, v: string, weight: 'regular' | 'bold' = 'regular') => {
    const y = doc.y;
    writeText(doc.fillColor(weight === 'bold' ? ink : soft), k, { size: 10, weight }, { width: labelWidth, align: 'right' }, { x: label, y });
    writeText(doc.fillColor(ink), v, { size: 10, weight }, { width: colWidth.amount, align: 'right' }, { x: cols.amount, y });
    doc.x = left;
    doc.y += 2;
  };
  total('Net', money(inv.netMinor));
  for (const t of inv.taxSummary) total(`Tax ${taxRateText(t.taxRateBp)} on ${money(t.netMinor)}`, money(t.taxMinor));
  total(inv.kind === 'credit_note' ? 'Total credited' : 'Total', money(inv.totalMinor), 'bold');
  if (inv.paidMinor > 0) {
    total('Paid', money(inv.paidMinor));
    total('Balance due', money(inv.balanceMinor), 'bold');
  }
  doc.moveDown(1);

  if (inv.reverseCharge)
    text('Reverse charge: no VAT is charged on this invoice; the customer accounts for it (VAT reverse-charge mechanism).', 10, ink, 'bold');
  if (inv.notes) text(inv.notes, 10, ink);
  if (inv.kind === 'invoice' && inv.status !== 'void') {
    if (inv.seller.paymentInstructions || inv.paymentUrl) {
      doc.moveDown(0.6);
      text('How to pay', 11, ink, 'bold');
      if (inv.seller.paymentInstructions) text(inv.seller.paymentInstructions, 10, ink);
      if (inv.paymentUrl) text(`Pay online: ${inv.paymentUrl}`, 10, ink, 'regular', { link: inv.paymentUrl, underline: true });
      if (inv.number) text(`Please quote ${inv.number} with your payment.`, 9.5, soft);
    }
  }
  if (inv.status === 'void' || inv.status === 'paid') {
    doc.moveDown(0.6);
    text(`Status: ${invoiceStateLabels[inv.state]}${inv.creditNote ? ` (credit note ${inv.creditNote.number})` : ''}`, 10, soft, 'bold');
  }
  doc.end();
  return done;
}
