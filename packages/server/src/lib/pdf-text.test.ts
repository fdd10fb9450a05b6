import PDFDocument from 'pdfkit';
import { getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { pdfLines } from '../test/pdf.js';
import { pdfBytes, printedText, textRuns, writeBullet, writeLine, writeText } from './pdf-text.js';

async function render(write: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 56 });
  const done = pdfBytes(doc);
  write(doc);
  doc.end();
  return done;
}

/** Each text item of page 1 with where it sits: its baseline (y) and its left and right edges. */
async function items(pdf: Buffer) {
  const page = await (await getDocumentProxy(new Uint8Array(pdf))).getPage(1);
  const content = await page.getTextContent();
  return content.items
    .filter((i) => 'str' in i && i.str.trim() !== '')
    .map((i) => {
      const t = i as { str: string; transform: number[]; width: number };
      return { str: t.str, x: t.transform[4], y: t.transform[5], right: t.transform[4] + t.width };
    });
}

describe('text in PDFs', () => {
  it('prints Latin Extended, Greek, Cyrillic, Chinese, Japanese, Korean and emoji exactly', async () => {
    const lines = [
      'Łukasz Wójcik 李明',
      'Ελένη Παπαδοπούλου',
      'Дмитрий Шостакович',
      'さくら サクラ',
      '김민준',
      'Thanks 🎉 👩‍💻 🇫🇷 ❤️ 1️⃣',
      'Œuvre → ✓ €5 – “quoted”',
    ];
    const pdf = await render((doc) => {
      for (const line of lines) writeText(doc, line, { size: 11 }, { width: 400 });
      writeText(doc, 'Bold: Ελένη 李明 김민준 🎉', { size: 11, weight: 'bold' }, { width: 400 });
    });
    expect(await pdfLines(pdf)).toEqual([...lines, 'Bold: Ελένη 李明 김민준 🎉']);
  });

  it('drops skin tones and prints a visible “�” for scripts no embedded font has, rather than a wrong letter', async () => {
    expect(printedText('👍🏽 ok')).toBe('👍 ok');
    expect(printedText('سلام Anna')).toBe('���� Anna');
    const pdf = await render((doc) => writeText(doc, 'שלום 👋🏿 Anna', { size: 11 }));
    expect(await pdfLines(pdf)).toEqual(['���� 👋 Anna']);
  });

  it('cuts text into runs by the face that has each grapheme, keeping spaces in Noto Sans', () => {
    expect(textRuns('Łukasz 李明 🎉 김')).toEqual([
      { script: 'text', text: 'Łukasz ' },
      { script: 'han', text: '李明' },
      { script: 'text', text: ' ' },
      { script: 'emoji', text: '🎉' },
      { script: 'text', text: ' ' },
      { script: 'hangul', text: '김' },
    ]);
    // Decomposed input prints composed, and a flag or a keycap stays one emoji.
    expect(textRuns('Lo\u0301pez 🇵🇱 #️⃣')).toEqual([
      { script: 'text', text: 'López ' },
      { script: 'emoji', text: '🇵🇱' },
      { script: 'text', text: ' ' },
      { script: 'emoji', text: '#️⃣' },
    ]);
  });

  it('sets runs of different fonts on one baseline, wraps them within the width and keeps one line height', async () => {
    const pdf = await render((doc) => {
      writeText(doc, 'Łukasz 李明 김민준 🎉 Ελένη', { size: 12 }, { width: 300 });
      writeText(doc, 'Second line', { size: 12 }, { width: 300 });
      writeText(doc, `${'中文字符'.repeat(12)} and more words ${'Дмитрий '.repeat(6)}`, { size: 12 }, { width: 300 });
    });
    const all = await items(pdf);
    const first = all.filter((i) => /Łukasz|李明|김민준|🎉|Ελένη/.test(i.str));
    expect(first.length).toBeGreaterThanOrEqual(5);
    expect(new Set(first.map((i) => i.y.toFixed(2))).size).toBe(1);
    const baselines = [...new Set(all.map((i) => Number(i.y.toFixed(2))))].sort((a, b) => b - a);
    expect(baselines.length).toBeGreaterThanOrEqual(4);
    const gaps = baselines.slice(1).map((y, i) => baselines[i] - y);
    expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThan(0.2);
    for (const i of all) expect(i.right).toBeLessThanOrEqual(56 + 300 + 0.5);
  });

  it('centres a one-line footer and draws bullets that wrap under their text', async () => {
    const pdf = await render((doc) => {
      writeLine(doc, 'Contrat 🤝 合同 · page 1 of 2', { size: 8 }, { x: 56, y: 780, width: 483, align: 'center' });
      doc.x = 56;
      doc.y = 100;
      writeBullet(doc, `Написать план ${'слово '.repeat(30)}`, { size: 11 }, { width: 300 });
    });
    const all = await items(pdf);
    const footer = all.filter((i) => i.y < 100);
    const left = Math.min(...footer.map((i) => i.x));
    const right = Math.max(...footer.map((i) => i.right));
    expect(Math.abs(left - 56 - (56 + 483 - right))).toBeLessThan(1);
    const bullet = all.filter((i) => i.y > 100);
    expect(new Set(bullet.map((i) => i.x.toFixed(1)))).toEqual(new Set([(56 + 14).toFixed(1)]));
    expect((await pdfLines(pdf)).join(' ')).toContain('Написать план слово');
  });
});
