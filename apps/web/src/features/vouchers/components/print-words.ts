/**
 * The words on a printed card, exactly as the PDF prints them (`connectSteps` and
 * `describeValidity` in apps/api/src/modules/vouchers/voucher-print.ts): the print preview shows
 * the same text. test/unit/print-words.spec.ts holds both to the same answers.
 */

export interface ValidityFields {
  validitySeconds: number | null;
  validityFrom: string;
  uptimeLimitSeconds: number | null;
  dataLimitBytes: number | null;
}

/** "1. Connect to … 2. Open any page (or http://…) 3. Type the code", in English or Swahili (`connectSteps` in the API). */
export function connectSteps(wifiName: string, loginHost: string | null, withPassword: boolean, lang: 'en' | 'sw' = 'en'): string[] {
  const saysWifi = /\bwi-?fi$/i.test(wifiName.trim());
  if (lang === 'sw') {
    return [
      `1. Unganisha na ${saysWifi ? wifiName : `WiFi ya ${wifiName}`}`,
      `2. Fungua ukurasa wowote${loginHost ? ` (au http://${loginHost})` : ''}`,
      withPassword ? '3. Andika jina la mtumiaji na nenosiri' : '3. Andika nambari ya vocha',
    ];
  }
  return [
    `1. Connect to ${saysWifi ? wifiName : `the ${wifiName} WiFi`}`,
    `2. Open any page${loginHost ? ` (or http://${loginHost})` : ''}`,
    withPassword ? '3. Type the username and password' : '3. Type the code',
  ];
}

function duration(seconds: number): string {
  const units: [number, string, string][] = [
    [604800, 'week', 'weeks'],
    [86400, 'day', 'days'],
    [3600, 'hour', 'hours'],
    [60, 'minute', 'minutes'],
  ];
  for (const [size, one, many] of units) {
    if (seconds >= size && seconds % size === 0) {
      const n = seconds / size;
      return `${n} ${n === 1 ? one : many}`;
    }
  }
  return seconds >= 3600 ? `${Math.round((seconds / 3600) * 10) / 10} hours` : `${Math.round(seconds / 60)} minutes`;
}

function dataSize(n: number): string {
  const gb = n / 1024 ** 3;
  return gb >= 1 ? `${Math.round(gb * 10) / 10} GB` : `${Math.round(n / 1024 ** 2)} MB`;
}

/** "1 hour online, valid 1 day from first login" (`describeValidity` in the API). */
export function describeValidity(v: ValidityFields): string {
  const parts: string[] = [];
  if (v.uptimeLimitSeconds) parts.push(`${duration(v.uptimeLimitSeconds)} online`);
  if (v.dataLimitBytes) parts.push(dataSize(v.dataLimitBytes));
  if (v.validitySeconds) parts.push(`valid ${duration(v.validitySeconds)} from ${v.validityFrom === 'purchase' ? 'purchase' : 'first login'}`);
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
