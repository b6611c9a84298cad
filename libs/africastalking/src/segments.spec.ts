import { gsm7Width, nonGsmCharacters, smsSegments } from './segments';

describe('smsSegments', () => {
  it('counts a short English text as one GSM-7 part', () => {
    expect(smsSegments('Hello')).toEqual({ encoding: 'GSM-7', units: 5, segments: 1, perSegment: 160, remaining: 155, nonGsmCharacters: [] });
  });

  it('reads a Swahili voucher text as GSM-7', () => {
    const text = 'Habari! Nambari yako ya siri ni 4821. Asante kwa kununua kifurushi cha WiFi saa 1. Karibu tena.';
    expect(smsSegments(text)).toMatchObject({ encoding: 'GSM-7', units: text.length, segments: 1 });
  });

  it.each([
    [0, 0],
    [1, 1],
    [160, 1],
    [161, 2],
    [306, 2],
    [307, 3],
    [459, 3],
    [460, 4],
  ])('%i GSM-7 characters take %i part(s)', (length, segments) => {
    expect(smsSegments('a'.repeat(length)).segments).toBe(segments);
  });

  it('after the split, parts hold 153 characters and the remainder is reported', () => {
    expect(smsSegments('a'.repeat(161))).toMatchObject({ segments: 2, perSegment: 153, remaining: 145 });
  });

  it('counts extension characters twice', () => {
    for (const c of ['€', '{', '}', '[', ']', '~', '|', '^', '\\', '\f']) expect(gsm7Width(c)).toBe(2);
    expect(smsSegments('KES 20 {promo}')).toMatchObject({ encoding: 'GSM-7', units: 16 });
    expect(smsSegments('€'.repeat(80))).toMatchObject({ units: 160, segments: 1 });
    expect(smsSegments('€'.repeat(81))).toMatchObject({ units: 162, segments: 2 });
  });

  it('never splits an extension character across two parts', () => {
    // 152 + 2 + 152 = 306 septets would be 2 parts if counted naively, but '{' cannot straddle parts 1 and 2
    const text = `${'a'.repeat(152)}{${'a'.repeat(152)}`;
    expect(smsSegments(text)).toMatchObject({ units: 306, segments: 3, remaining: 152 });
  });

  it('a curly apostrophe or an emoji turns the text into UCS-2', () => {
    expect(smsSegments('Asante sana, karibu tena')).toMatchObject({ encoding: 'GSM-7' });
    expect(smsSegments('Asante ’sana’')).toMatchObject({ encoding: 'UCS-2', units: 13, segments: 1, perSegment: 70, nonGsmCharacters: ['’'] });
    expect(smsSegments('Karibu 😀')).toMatchObject({ encoding: 'UCS-2', units: 9, nonGsmCharacters: ['😀'] });
    expect(smsSegments('“Nambari” ç')).toMatchObject({ encoding: 'UCS-2', nonGsmCharacters: ['“', '”', 'ç'] });
  });

  it.each([
    [70, 1],
    [71, 2],
    [134, 2],
    [135, 3],
  ])('%i UCS-2 characters take %i part(s)', (length, segments) => {
    expect(smsSegments(`’${'a'.repeat(length - 1)}`).segments).toBe(segments);
  });

  it('never splits an emoji (a surrogate pair) across two parts', () => {
    const text = `${'ж'.repeat(66)}😀${'ж'.repeat(3)}`;
    expect(smsSegments(text)).toMatchObject({ units: 71, segments: 2, remaining: 62 });
  });

  it('keeps the GSM-7 letters that look foreign: é, ñ, ü, Ç are in the alphabet, ç and â are not', () => {
    expect(nonGsmCharacters('é ñ ü Ç à Ä Ø')).toEqual([]);
    expect(nonGsmCharacters('ç â')).toEqual(['ç', 'â']);
  });
});
