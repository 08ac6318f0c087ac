/** A CSV record: its cells and the 1-based line it starts on. */
export interface CsvRecord {
  cells: string[];
  line: number;
}

/**
 * Parses CSV text (RFC 4180: quoted cells with `""` escapes and line breaks, CRLF or LF; a leading BOM is
 * dropped). Blank lines are skipped. Throws with the line number when a quoted cell is never closed.
 */
export function parseCsv(text: string): CsvRecord[] {
  const source = text.replace(/^\uFEFF/, '');
  const result: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let cellStarted = false;

  const endRecord = () => {
    cells.push(cell);
    if (cells.length > 1 || cells[0] !== '' || cellStarted) result.push({ cells, line: recordLine });
    cells = [];
    cell = '';
    cellStarted = false;
  };

  for (let i = 0; i < source.length; i++) {
    const char = source.charAt(i);
    if (quoted) {
      if (char === '"' && source[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else {
        if (char === '\n') line++;
        cell += char;
      }
    } else if (char === '"' && cell === '') {
      quoted = true;
      cellStarted = true;
    } else if (char === ',') {
      cells.push(cell);
      cell = '';
      cellStarted = true;
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else cell += char;
  }
  if (quoted) throw new Error(`line ${recordLine}: a quoted value is never closed`);
  endRecord();
  return result;
}
