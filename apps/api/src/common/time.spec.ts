import { nairobiDay, nairobiDayRange, recentNairobiDays, startOfNairobiDay, startOfNairobiMonth } from './time';

const utc = (iso: string) => new Date(`${iso}Z`);

describe('Nairobi days (UTC+3)', () => {
  it('20:59 UTC is still the same Nairobi day, 21:00 UTC is the next one', () => {
    expect(nairobiDay(utc('2026-05-03T20:59:59.999'))).toBe('2026-05-03');
    expect(nairobiDay(utc('2026-05-03T21:00:00.000'))).toBe('2026-05-04');
    expect(startOfNairobiDay(utc('2026-05-03T20:59:59.999'))).toEqual(utc('2026-05-02T21:00:00'));
    expect(startOfNairobiDay(utc('2026-05-03T21:00:00.000'))).toEqual(utc('2026-05-03T21:00:00'));
  });

  it('counts days back from the one that contains the instant', () => {
    expect(startOfNairobiDay(utc('2026-05-04T10:00:00'), 1)).toEqual(utc('2026-05-02T21:00:00'));
    expect(startOfNairobiDay(utc('2026-03-01T00:30:00'), 29)).toEqual(utc('2026-01-30T21:00:00'));
  });

  it('gives the last n days, today included, as [from, to)', () => {
    expect(recentNairobiDays(utc('2026-05-04T10:00:00'), 1)).toEqual({ from: utc('2026-05-03T21:00:00'), to: utc('2026-05-04T21:00:00') });
    expect(recentNairobiDays(utc('2026-05-03T21:00:00'), 7)).toEqual({ from: utc('2026-04-27T21:00:00'), to: utc('2026-05-04T21:00:00') });
  });

  it('starts the month at Nairobi midnight, also across a year end', () => {
    expect(startOfNairobiMonth(utc('2026-05-31T20:59:59.999'))).toEqual(utc('2026-04-30T21:00:00'));
    expect(startOfNairobiMonth(utc('2026-05-31T21:00:00'))).toEqual(utc('2026-05-31T21:00:00'));
    expect(startOfNairobiMonth(utc('2026-12-31T21:00:00'))).toEqual(utc('2026-12-31T21:00:00'));
    expect(startOfNairobiMonth(utc('2027-01-01T05:00:00'))).toEqual(utc('2026-12-31T21:00:00'));
  });

  it('reads a YYYY-MM-DD day as its instants', () => {
    expect(nairobiDayRange('2026-05-04')).toEqual({ from: utc('2026-05-03T21:00:00'), to: utc('2026-05-04T21:00:00') });
  });

  it.each(['', '2026-5-4', '04/05/2026', '2026-13-01', '2026-05-04T00:00'])('rejects the day %p', (day) => {
    expect(nairobiDayRange(day)).toBeNull();
  });
});
