import type { SimClock } from '../clock';
import type { VersionProfile } from '../profiles';
import { Table } from './table';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** `/log`: a bounded memory log like the router's default `memory` action (1000 lines). */
export class RouterLog {
  readonly table = new Table(0);

  constructor(
    private readonly clock: SimClock,
    private readonly profile: VersionProfile,
    private readonly maxEntries = 1000,
  ) {}

  add(topics: string, message: string): void {
    this.table.add({ time: this.formatTime(this.clock.now()), topics, message });
    if (this.table.size > this.maxEntries) this.table.remove(this.table.all()[0]['.id']);
  }

  entries(): Array<{ time: string; topics: string; message: string }> {
    return this.table.all().map((r) => ({ time: r.time, topics: r.topics, message: r.message }));
  }

  private formatTime(ms: number): string {
    const d = new Date(ms);
    const hms = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
    if (this.profile.logTimeStyle === 'v6') {
      return `${MONTHS[d.getUTCMonth()]}/${pad(d.getUTCDate())} ${hms}`;
    }
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${hms}`;
  }
}
