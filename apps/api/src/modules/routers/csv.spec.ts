import { parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads plain rows with LF and CRLF line ends', () => {
    expect(parseCsv('a,b,c\n1,2,3\r\n4,5,6')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
      ['4', '5', '6'],
    ]);
  });

  it('keeps empty cells, ignores a BOM and a final newline', () => {
    expect(parseCsv('\uFEFFa,,c\n,,\n')).toEqual([
      ['a', '', 'c'],
      ['', '', ''],
    ]);
  });

  it('reads quoted cells with commas, doubled quotes and line breaks', () => {
    expect(parseCsv('name,notes\n"Shop, north","said ""hi""\nthen left"\n')).toEqual([
      ['name', 'notes'],
      ['Shop, north', 'said "hi"\nthen left'],
    ]);
  });

  it('refuses an unterminated quote and text after a closing quote', () => {
    expect(() => parseCsv('a\n"open')).toThrow('line 2: a quoted cell is not closed');
    expect(() => parseCsv('"a"b,c')).toThrow('unexpected text after a closing quote');
  });
});
