import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as fontkit from 'fontkit';

/**
 * Text in Carriage's PDFs, in any script a person's name may be written in.
 *
 * The built-in PDF fonts know Windows-1252 only, so every PDF embeds fonts from npm packages: Noto Sans
 * (Latin, Greek, Cyrillic), Noto Sans Hans (Chinese, Japanese kana, arrows and ticks), Noto Sans KR
 * (Hangul) and Noto Emoji (monochrome emoji). Text is cut into runs by the first face that has every
 * character of each grapheme, and the runs are written one after another on a common baseline and line
 * height. pdfkit embeds only the glyphs used (a subset), so a face that a document doesn't use costs nothing.
 *
 * Two things are printed differently from what was typed, both on purpose: skin-tone modifiers are
 * dropped (a monochrome glyph cannot show them), and a grapheme that no face has (Arabic, Hebrew,
 * Devanagari, Thai…) prints as U+FFFD "�", so it is visibly missing rather than silently wrong.
 */

export type Weight = 'regular' | 'bold';
type Script = 'text' | 'han' | 'hangul' | 'emoji';

const require = createRequire(import.meta.url);
/** A font file shipped in a package whose entry point is dist/index.* beside fonts/. */
const besideEntry = (pkg: string, file: string) => path.join(path.dirname(require.resolve(pkg)), '..', 'fonts', file);

const files: Record<Script, Record<Weight, () => string>> = {
  text: {
    regular: () => besideEntry('@embedpdf/fonts-latin', 'NotoSans-Regular.ttf'),
    bold: () => besideEntry('@embedpdf/fonts-latin', 'NotoSans-Bold.ttf'),
  },
  han: {
    regular: () => besideEntry('@embedpdf/fonts-sc', 'NotoSansHans-Regular.otf'),
    bold: () => besideEntry('@embedpdf/fonts-sc', 'NotoSansHans-Bold.otf'),
  },
  hangul: {
    regular: () => besideEntry('@embedpdf/fonts-kr', 'NotoSansKR-Regular.otf'),
    bold: () => besideEntry('@embedpdf/fonts-kr', 'NotoSansKR-Bold.otf'),
  },
  emoji: {
    regular: () => require.resolve('@expo-google-fonts/noto-emoji/400Regular/NotoEmoji_400Regular.ttf'),
    bold: () => require.resolve('@expo-google-fonts/noto-emoji/700Bold/NotoEmoji_700Bold.ttf'),
  },
};

interface Face {
  /** The name the face is registered under in a document. */
  name: string;
  font: fontkit.Font;
  /** Ascender and line height (ascender − descender + gap) as fractions of the font size. */
  ascent: number;
  lineHeight: number;
}

// Read once per process, on first use: the CJK files are about 8 MB each and most documents never need them.
const loaded = new Map<string, Face>();
function face(script: Script, weight: Weight): Face {
  const name = `carriage-${script}-${weight}`;
  let f = loaded.get(name);
  if (!f) {
    const font = fontkit.create(readFileSync(files[script][weight]())) as fontkit.Font;
    const em = font.unitsPerEm;
    f = { name, font, ascent: font.ascent / em, lineHeight: (font.ascent - font.descent + font.lineGap) / em };
    loaded.set(name, f);
  }
  return f;
}

const skinTones = /[\u{1F3FB}-\u{1F3FF}]/gu;
const joiners = new Set([0x200d, 0xfe0e, 0xfe0f]);
const emojiFirst = /\p{Emoji_Presentation}|\uFE0F|\u20E3|\p{Regional_Indicator}/u;
const textFirstOrder: Script[] = ['text', 'han', 'hangul', 'emoji'];
const emojiFirstOrder: Script[] = ['emoji', 'text', 'han', 'hangul'];
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
export const MISSING_GLYPH = '\uFFFD';

function covers(font: fontkit.Font, grapheme: string): boolean {
  for (const ch of grapheme) {
    const cp = ch.codePointAt(0) ?? 0;
    if (!joiners.has(cp) && !font.hasGlyphForCodePoint(cp)) return false;
  }
  return true;
}

export interface TextRun {
  script: Script;
  text: string;
}

/** Cuts text into runs, each printable by one face (see the module comment for the two substitutions). */
export function textRuns(text: string): TextRun[] {
  const runs: TextRun[] = [];
  const add = (script: Script, t: string) => {
    const last = runs.at(-1);
    if (last && last.script === script) last.text += t;
    else runs.push({ script, text: t });
  };
  for (const { segment } of graphemes.segment(text.normalize('NFC').replace(skinTones, ''))) {
    // Spaces and line breaks take Noto Sans's widths (an emoji font's space is as wide as an emoji).
    if (/^[\s\p{Cc}]+$/u.test(segment)) {
      add('text', segment);
      continue;
    }
    const order = emojiFirst.test(segment) ? emojiFirstOrder : textFirstOrder;
    const script = order.find((s) => covers(face(s, 'regular').font, segment));
    if (script) add(script, segment);
    else add('text', MISSING_GLYPH);
  }
  return runs;
}

/** The text as it appears in the PDF: what a reader copying it out of the document gets. */
export function printedText(text: string): string {
  return textRuns(text)
    .map((r) => r.text)
    .join('');
}

const facesOf = new WeakMap<PDFKit.PDFDocument, Set<string>>();
function use(doc: PDFKit.PDFDocument, script: Script, weight: Weight): Face {
  const f = face(script, weight);
  let registered = facesOf.get(doc);
  if (!registered) {
    registered = new Set();
    facesOf.set(doc, registered);
  }
  if (!registered.has(f.name)) {
    // pdfkit takes a parsed fontkit font as well as bytes: sharing one parse across documents saves
    // most of the rendering time (each document still embeds its own subset).
    doc.registerFont(f.name, f.font as unknown as Buffer);
    registered.add(f.name);
  }
  return f;
}

export interface TextStyle {
  size: number;
  weight?: Weight;
}

/**
 * Writes text like `doc.text`, in the faces that can print it. Every run sits on the baseline and line
 * height of Noto Sans, so a line mixing scripts reads as one line. Leaves Noto Sans selected, so that
 * `moveDown` keeps one rhythm.
 */
export function writeText(doc: PDFKit.PDFDocument, text: string, style: TextStyle, options: PDFKit.Mixins.TextOptions = {}, at?: { x: number; y: number }) {
  const weight = style.weight ?? 'regular';
  const base = use(doc, 'text', weight);
  const runs = textRuns(text);
  if (runs.length === 0) runs.push({ script: 'text', text: '' });
  runs.forEach((run, i) => {
    const f = use(doc, run.script, weight);
    const last = i === runs.length - 1;
    const runOptions: PDFKit.Mixins.TextOptions = {
      ...options,
      continued: last ? (options.continued ?? false) : true,
      baseline: -base.ascent * style.size,
      lineGap: (options.lineGap ?? 0) + (base.lineHeight - f.lineHeight) * style.size,
    };
    doc.font(f.name).fontSize(style.size);
    if (i === 0 && at) doc.text(run.text, at.x, at.y, runOptions);
    else doc.text(run.text, runOptions);
  });
  doc.font(base.name).fontSize(style.size);
  return doc;
}

/** Writes one line that never wraps, aligned within a width (for headers and footers). */
export function writeLine(doc: PDFKit.PDFDocument, text: string, style: TextStyle, at: { x: number; y: number; width: number; align?: 'left' | 'center' }) {
  const weight = style.weight ?? 'regular';
  const base = use(doc, 'text', weight);
  const runs = textRuns(text).map((run) => {
    const f = use(doc, run.script, weight);
    return { ...run, face: f, width: doc.font(f.name).fontSize(style.size).widthOfString(run.text) };
  });
  const total = runs.reduce((sum, r) => sum + r.width, 0);
  let x = at.align === 'center' ? at.x + Math.max(0, (at.width - total) / 2) : at.x;
  for (const run of runs) {
    doc
      .font(run.face.name)
      .fontSize(style.size)
      .text(run.text, x, at.y, { lineBreak: false, baseline: -base.ascent * style.size });
    x += run.width;
  }
  doc.font(base.name).fontSize(style.size);
  return doc;
}

/** A bulleted item whose text wraps under itself, not under the bullet. */
export function writeBullet(doc: PDFKit.PDFDocument, text: string, style: TextStyle, options: { width: number; indent?: number; lineGap?: number }) {
  const left = doc.x;
  const indent = options.indent ?? 0;
  const base = use(doc, 'text', style.weight ?? 'regular');
  const top = doc.y;
  doc.circle(left + indent + 4, top + base.ascent * style.size * 0.62, 1.8).fill();
  writeText(doc, text, style, { width: options.width - indent - 14, lineGap: options.lineGap }, { x: left + indent + 14, y: top });
  doc.x = left;
  return doc;
}

/** Collects a document's bytes once it ends. Call before writing, then `doc.end()`. */
export function pdfBytes(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  return new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
