/**
 * How the invoice PDF writes text. For now with pdfkit's built-in Helvetica, which knows Windows-1252
 * only, so other characters are spelled as close as they can be. The functions have the shape of the
 * shared Unicode text module of the other PDFs (`lib/pdf-text.ts`: `writeText(doc, text, style, options)`
 * and `pdfBytes(doc)`); when it is on this branch, this file becomes a re-export of it and the invoice
 * prints every script with embedded fonts, with no change to render-invoice-pdf.ts.
 */

export type Weight = 'regular' | 'bold';
export interface TextStyle {
  size: number;
  weight?: Weight;
}

const winAnsiExtra = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const lookalikes: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i', '−': '-', '‐': '-', '‑': '-', '\u202f': ' ' };

/** Text as the built-in fonts can print it. */
export function printable(s: string): string {
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

/** Writes text in a style at the current position (or at `at`), like doc.text. */
export function writeText(doc: PDFKit.PDFDocument, text: string, style: TextStyle, options: PDFKit.Mixins.TextOptions = {}, at?: { x: number; y: number }) {
  doc.font(style.weight === 'bold' ? 'Helvetica-Bold' : 'Helvetica').fontSize(style.size);
  if (at) doc.text(printable(text), at.x, at.y, options);
  else doc.text(printable(text), options);
  return doc;
}

/** The document's bytes once it ends. */
export function pdfBytes(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  return new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
