import { NAIROBI_TIME_ZONE } from '../../common/time';

/** Dates and amounts as the notification texts show them (Africa/Nairobi, docs/architecture.md rule 8). */
export const nairobiDate = (d: Date) => d.toLocaleDateString('en-KE', { timeZone: NAIROBI_TIME_ZONE, day: 'numeric', month: 'short', year: 'numeric' });
export const money = (minor: number, currency: string) => `${currency} ${(minor / 100).toLocaleString('en-KE', { maximumFractionDigits: 2 })}`;
