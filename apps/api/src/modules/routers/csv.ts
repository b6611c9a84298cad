/**
 * A small RFC 4180 CSV reader: comma-separated, `"` quoting with `""` escapes, CRLF or LF line
 * ends, quoted cells may hold commas and line breaks. A leading BOM is ignored.
 * Throws on an unterminated quote or text after a closing quote.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let quotedCell = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
    quotedCell = false;
  };
  const endRow = () => {
    endCell();
    rows.push(row);
    row = [];
  };
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"' && cell === '' && !quotedCell) {
      quotedCell = true;
      const startLine = line;
      i++;
      for (;;) {
        if (i >= text.length) throw new Error(`line ${startLine}: a quoted cell is not closed`);
        const c = text[i];
        if (c === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\n') line++;
        cell += c;
        i++;
      }
      if (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') throw new Error(`line ${line}: unexpected text after a closing quote`);
      continue;
    }
    if (ch === ',') {
      endCell();
      i++;
    } else if (ch === '\r' || ch === '\n') {
      endRow();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
    } else {
      if (quotedCell) throw new Error(`line ${line}: unexpected text after a closing quote`);
      cell += ch;
      i++;
    }
  }
  if (cell !== '' || row.length > 0 || quotedCell) endRow();
  return rows;
}
