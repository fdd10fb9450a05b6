import { extractText, getDocumentProxy } from 'unpdf';

/** The text a reader copies out of a PDF (PDF.js, as browsers use it), pages joined by line breaks. */
export async function pdfText(pdf: Buffer): Promise<string> {
  const { text } = await extractText(new Uint8Array(pdf), { mergePages: true });
  return text;
}

/** The lines of a PDF's text, as a reader sees them. */
export async function pdfLines(pdf: Buffer): Promise<string[]> {
  return (await pdfText(pdf)).split('\n');
}

/** The title a PDF viewer shows in its window. */
export async function pdfTitle(pdf: Buffer): Promise<string | undefined> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const { info } = await doc.getMetadata();
  return (info as { Title?: string }).Title;
}
