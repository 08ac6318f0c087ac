/**
 * A minimal PDF 1.4 writer: US-Letter pages of Helvetica text lines with a cross-reference table, enough
 * for the mock's session reports to open in any viewer. Free of Node APIs so it also runs in a browser.
 */
export interface PdfLine {
  text: string;
  bold?: boolean;
}

export interface PdfDocument {
  title: string;
  lines: PdfLine[];
  /** Epoch ms, for the document information dictionary. */
  created: number;
}

const pageWidth = 612;
const pageHeight = 792;
const margin = 56;
const titleSize = 18;
const textSize = 11;
const leading = 15;
const firstLineY = pageHeight - margin - titleSize - 14;
const linesPerPage = Math.floor((firstLineY - margin) / leading) + 1;

/** A PDF string literal: printable ASCII, with `\`, `(` and `)` escaped; other characters become `?`. */
function literal(text: string): string {
  const printable = text.replace(/[\u2013\u2014]/g, '-').replace(/[^\x20-\x7e]/g, '?');
  return `(${printable.replace(/([\\()])/g, '\\$1')})`;
}

const pdfDate = (time: number) => `D:${new Date(time).toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;

function pageContent(title: string | undefined, lines: PdfLine[]): string {
  const parts: string[] = [];
  if (title !== undefined)
    parts.push(`BT /F2 ${titleSize} Tf ${margin} ${pageHeight - margin - titleSize} Td ${literal(title)} Tj ET`);
  lines.forEach((line, index) => {
    parts.push(
      `BT /${line.bold ? 'F2' : 'F1'} ${textSize} Tf ${margin} ${firstLineY - index * leading} Td ${literal(line.text)} Tj ET`,
    );
  });
  return `${parts.join('\n')}\n`;
}

/** Builds the document: the title on the first page, then the lines, as many pages as they need. */
export function createPdf(document: PdfDocument): Uint8Array<ArrayBuffer> {
  const pages: PdfLine[][] = [];
  for (let start = 0; start < document.lines.length || pages.length === 0; start += linesPerPage)
    pages.push(document.lines.slice(start, start + linesPerPage));

  // Objects 1-5 are fixed; page n (0-based) adds its content stream (6 + 2n) and its page object (7 + 2n).
  const pageIds = pages.map((_, index) => 7 + index * 2);
  const objects: string[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    `<< /Title ${literal(document.title)} /Producer (c3d-mock) /CreationDate (${pdfDate(document.created)}) >>`,
  ];
  pages.forEach((lines, index) => {
    const content = pageContent(index === 0 ? document.title : undefined, lines);
    objects.push(`<< /Length ${content.length} >>\nstream\n${content}endstream`);
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${pageWidth} ${pageHeight}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${6 + index * 2} 0 R >>`,
    );
  });

  let output = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(output.length);
    output += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = output.length;
  output += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) output += `${String(offset).padStart(10, '0')} 00000 n \n`;
  output += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  // Every character is below 256, so one byte each keeps the offsets above exact.
  return Uint8Array.from(output, (character) => character.charCodeAt(0));
}
