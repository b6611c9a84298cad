import { parseOrgStatement, StatementFormatError } from './statement';

const eat = (iso: string) => new Date(`${iso}+03:00`);

describe('parseOrgStatement', () => {
  it('reads the portal layout: preamble, header, quoted cells, amounts and Nairobi times', () => {
    const csv = [
      'Organisation Name:,WAVU HOTSPOT',
      'Organisation Short Code:,600100',
      'Time Period:,From 01-12-2026 00:00:00 To 04-12-2026 23:59:59',
      '',
      'Receipt No.,Completion Time,Initiation Time,Details,Transaction Status,Paid In,Withdrawn,Balance,Balance Confirmed,Reason Type,Other Party Info,Linked Transaction ID,A/C No.',
      'SLK4H7R2TX,04-12-2026 10:13:00,04-12-2026 10:12:41,"Pay Bill Online from 2547******678 - JOHN DOE Acc. ABC123",Completed,168.00,,"1,168.00",true,Pay Bill Online,2547******678 - JOHN DOE,,ABC123',
      'SLK4H7R2TY,04-12-2026 09:00:00,04-12-2026 09:00:00,Merchant to Organization Settlement,Completed,,-500.00,1000.00,true,Merchant to Organization Settlement,600100 - WAVU HOTSPOT,,',
    ].join('\r\n');
    const s = parseOrgStatement(csv);
    expect(s).toMatchObject({ shortCode: '600100', periodFrom: eat('2026-12-01T00:00:00'), periodTo: eat('2026-12-04T23:59:59'), errors: [] });
    expect(s.lines).toEqual([
      {
        row: 6,
        receipt: 'SLK4H7R2TX',
        completedAt: eat('2026-12-04T10:13:00'),
        initiatedAt: eat('2026-12-04T10:12:41'),
        details: 'Pay Bill Online from 2547******678 - JOHN DOE Acc. ABC123',
        status: 'Completed',
        paidInMinor: 16800,
        withdrawnMinor: 0,
        reasonType: 'Pay Bill Online',
        otherParty: '2547******678 - JOHN DOE',
        accountNumber: 'ABC123',
      },
      expect.objectContaining({ row: 7, receipt: 'SLK4H7R2TY', paidInMinor: 0, withdrawnMinor: 50000, accountNumber: '', reasonType: 'Merchant to Organization Settlement' }),
    ]);
  });

  it('reads a messy hand-edited export: BOM, semicolons, other column order and names, other date forms, bad rows', () => {
    const csv =
      '\uFEFF' +
      [
        'M-PESA Statement;;',
        'Short Code: 600200;;',
        'Time Period;From 02/12/2026 00:00 To 2026-12-03 12:00;',
        ';;;;',
        ' receipt no ; DETAILS ;Paid in;WITHDRAWN;completion time;transaction status;other party info',
        'slk4h7r2ta;"Merchant Payment from 2547******678 - MARY; W";"1.020,00";;2026-12-03 10:00;Completed;2547******678 - MARY',
        'SLK4H7R2TB;"Pay Bill from 2547******111 - A ""B"" C Acc. xyz9";"1,020.50";;03/12/2026 9:05;Completed;x',
        'SLK4H7R2TC;"multi',
        'line details";20.00;;2026-12-03T07:00:00Z;Completed;x',
        'BAD;x;1.00;;;;',
        ';x;1.00;;;;',
        'SLK4H7R2TD;x;12.345;;;;',
        'Receipt No;Details;Paid In;Withdrawn;Completion Time;Transaction Status;Other Party Info',
        'SLK4H7R2TE;x;;"-7.5";garbage;Completed;x',
      ].join('\n');
    const s = parseOrgStatement(csv);
    expect(s.shortCode).toBe('600200');
    expect(s.periodFrom).toEqual(eat('2026-12-02T00:00:00'));
    expect(s.periodTo).toEqual(eat('2026-12-03T12:00:00'));
    expect(s.errors).toEqual([
      { row: 6, reason: 'invalid amount for SLK4H7R2TA' },
      { row: 10, reason: 'invalid receipt "BAD"' },
      { row: 11, reason: 'missing receipt' },
      { row: 12, reason: 'invalid amount for SLK4H7R2TD' },
    ]);
    expect(s.lines.map((l) => [l.row, l.receipt, l.paidInMinor, l.withdrawnMinor, l.accountNumber, l.completedAt?.toISOString() ?? null])).toEqual([
      [7, 'SLK4H7R2TB', 102050, 0, 'xyz9', '2026-12-03T06:05:00.000Z'],
      [8, 'SLK4H7R2TC', 2000, 0, '', '2026-12-03T07:00:00.000Z'],
      [14, 'SLK4H7R2TE', 0, 750, '', null],
    ]);
    expect(s.lines[0].details).toBe('Pay Bill from 2547******111 - A "B" C Acc. xyz9');
    expect(s.lines[1].details).toBe('multi\nline details');
  });

  it('bounds every text cell', () => {
    const long = 'D'.repeat(5000);
    const s = parseOrgStatement(`Receipt No.,Details,Other Party Info,A/C No.,Reason Type\nSLK4H7R2TX,${long},${long},${long},${long}\n`);
    expect(s.lines[0].details).toHaveLength(200);
    expect(s.lines[0].otherParty).toHaveLength(120);
    expect(s.lines[0].accountNumber).toHaveLength(40);
    expect(s.lines[0].reasonType).toHaveLength(100);
    expect(s).toMatchObject({ shortCode: null, periodFrom: null, periodTo: null });
  });

  it('throws StatementFormatError without a header row, for too many lines, and for broken CSV', () => {
    expect(() => parseOrgStatement('a,b,c\n1,2,3\n')).toThrow(StatementFormatError);
    expect(() => parseOrgStatement('')).toThrow(StatementFormatError);
    const rows = ['Receipt No.,Paid In', ...Array.from({ length: 10 }, (_, i) => `SLK4H7R2${String(i).padStart(2, '0')},1.00`)].join('\n');
    expect(parseOrgStatement(rows, { maxLines: 11 }).lines).toHaveLength(10);
    expect(() => parseOrgStatement(rows, { maxLines: 10 })).toThrow(/more than 10 lines/);
    expect(() => parseOrgStatement('Receipt No.,Paid In\n"SLK4H7R2TX,1.00\n')).toThrow(StatementFormatError);
  });
});
