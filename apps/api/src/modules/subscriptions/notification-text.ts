import { NAIROBI_TIME_ZONE } from '../../common/time';

/** Dates as the notification texts show them (Africa/Nairobi, docs/architecture.md rule 8); amounts: formatMoney (common/money). */
export const nairobiDate = (d: Date) => d.toLocaleDateString('en-KE', { timeZone: NAIROBI_TIME_ZONE, day: 'numeric', month: 'short', year: 'numeric' });
