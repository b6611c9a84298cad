import { Inject, Injectable, Logger } from '@nestjs/common';
import { DARAJA_CLIENT, DarajaClient, isDarajaError, PullTransaction } from '@wavu/daraja';
import { Clock } from '../../common/clock';
import { maskMsisdn } from '../../common/phone';
import { nairobiDay, startOfNairobiDay } from '../../common/time';
import { StatementSource } from './entities/statement-source.entity';
import { LineFacts, StatementsRepository } from './statements.repository';
import { StatementsService } from './statements.service';

const HOUR = 3_600_000;
/** Pull answers only the last 48 h: stay a little inside it. */
const PULL_HORIZON_MS = 48 * HOUR - 10 * 60_000;
/** Each recent pull starts this long before where the last one ended (late-listed rows). */
const OVERLAP_MS = 10 * 60_000;
/** A first pull reaches this far back. */
const FIRST_PULL_MS = 24 * HOUR;
/** "No records" this many times in a row while we know money arrived → not registered. */
const NOT_REGISTERED_AFTER = 3;

export interface PullCounts {
  sources: number;
  windows: number;
  rows: number;
  settled: number;
  recorded: number;
  unmatched: number;
  ignored: number;
  rejectedRows: number;
  suspect: number;
  errors: number;
}

/**
 * The statement pull job: for every registered shortcode, Daraja Pull Transactions over the recent
 * window (from where the last pull ended, less an overlap) and, once a day, the whole previous
 * Nairobi day; every row goes through StatementsService.applyLine. A "no records" answer for a
 * window in which we know money arrived is never taken as empty: the window is kept for the next
 * run and, after 3 in a row, the shortcode is flagged not_registered.
 */
@Injectable()
export class StatementPullService {
  private readonly logger = new Logger(StatementPullService.name);

  constructor(
    private readonly repo: StatementsRepository,
    private readonly statements: StatementsService,
    private readonly clock: Clock,
    @Inject(DARAJA_CLIENT) private readonly daraja: DarajaClient,
  ) {}

  async pullAll(now: Date = this.clock.now()): Promise<PullCounts> {
    const counts: PullCounts = { sources: 0, windows: 0, rows: 0, settled: 0, recorded: 0, unmatched: 0, ignored: 0, rejectedRows: 0, suspect: 0, errors: 0 };
    for (const source of await this.repo.listPullableSources()) {
      counts.sources++;
      try {
        await this.pullSource(source, now, counts);
      } catch (error) {
        counts.errors++;
        const message = error instanceof Error ? error.message : String(error);
        this.logger.warn({ shortcode: source.shortcode, code: isDarajaError(error) ? error.code : 'ERROR' }, `statement pull failed: ${message}`);
        await this.repo.updateSource(source.id, { health: 'failing', lastPullAt: now, lastError: message.slice(0, 300) });
      }
    }
    return counts;
  }

  private async pullSource(source: StatementSource, now: Date, counts: PullCounts): Promise<void> {
    const scope = { providerId: source.providerId };
    // the shortcode must still be the scope's (a provider may have moved to platform collection, or changed shortcode)
    const current = await this.statements.shortcodeOf(scope).catch(() => null);
    if (current !== source.shortcode) {
      await this.repo.updateSource(source.id, { pullEnabled: false, lastError: 'this shortcode no longer collects for its account: pulls stopped' });
      return;
    }
    const credentials = await this.statements.credentialsOf(scope);
    const horizon = new Date(now.getTime() - PULL_HORIZON_MS);
    const max = (a: Date, b: Date) => (a > b ? a : b);
    const windows: Array<{ kind: 'recent' | 'day'; from: Date; to: Date; day?: string }> = [
      { kind: 'recent', from: max(horizon, source.pulledUntil ? new Date(source.pulledUntil.getTime() - OVERLAP_MS) : new Date(now.getTime() - FIRST_PULL_MS)), to: now },
    ];
    const today = startOfNairobiDay(now);
    const yesterday = nairobiDay(startOfNairobiDay(now, 1));
    // the daily sweep of the whole previous day, once the day is 30 minutes over
    if (source.lastFullDay !== yesterday && now.getTime() - today.getTime() >= 30 * 60_000) {
      windows.push({ kind: 'day', from: max(horizon, startOfNairobiDay(now, 1)), to: today, day: yesterday });
    }

    const changes: Partial<StatementSource> = { lastPullAt: now };
    let listsStk = source.listsStk;
    for (const w of windows) {
      counts.windows++;
      const answer = await this.daraja.pullTransactions(credentials, { shortCode: source.shortcode, from: w.from, to: w.to, now });
      if (answer.status === 'no_records') {
        const known = await this.repo.countKnownPulledMoney(source.shortcode, w.from, w.to, listsStk);
        if (known > 0) {
          // never an empty window: Safaricom answers 1001 for an unregistered shortcode too
          counts.suspect++;
          const streak = source.noRecordsStreak + 1;
          source.noRecordsStreak = streak;
          Object.assign(changes, {
            noRecordsStreak: streak,
            health: streak >= NOT_REGISTERED_AFTER ? 'not_registered' : 'suspect',
            lastError: `Daraja said "no records" for ${w.from.toISOString()}–${w.to.toISOString()} although ${known} payment(s) arrived then`,
          });
          this.logger.warn({ shortcode: source.shortcode, known, streak }, 'Pull answered "no records" for a window with known payments');
          return void (await this.repo.updateSource(source.id, changes));
        }
      } else {
        counts.rejectedRows += answer.rejectedRows;
        for (const tx of answer.transactions) {
          counts.rows++;
          const outcome = await this.statements.applyLine(factsOfPull(tx, source.shortcode, now), 'pull', null, source.providerId);
          counts[outcome.status]++;
          if (outcome.stk) listsStk = true;
        }
        if (answer.truncated) {
          Object.assign(changes, { health: 'failing', lastError: `more than the page cap of rows for ${w.from.toISOString()}–${w.to.toISOString()}: the rest is pulled next time` });
          return void (await this.repo.updateSource(source.id, { ...changes, listsStk }));
        }
      }
      if (w.kind === 'recent') changes.pulledUntil = w.to;
      else changes.lastFullDay = w.day;
    }
    await this.repo.updateSource(source.id, { ...changes, listsStk, health: 'ok', noRecordsStreak: 0, lastSuccessAt: now, lastError: null });
  }
}

/**
 * A Pull row as matching facts. `trxDate`'s zone designator is not reliable (Nairobi digits with a
 * Z have been reported): the digits are read as Nairobi time, unless that lands in the future.
 */
export function factsOfPull(tx: PullTransaction, shortcode: string, now = new Date()): LineFacts {
  let occurredAt = tx.completedAtEat;
  if (occurredAt && occurredAt.getTime() > now.getTime() + 5 * 60_000) occurredAt = tx.completedAtUtc;
  const msisdn = tx.msisdn ?? '';
  return {
    shortcode,
    receipt: tx.transactionId,
    transactionType: tx.transactionType,
    amountMinor: tx.amountMinor,
    reference: tx.billReference,
    phoneMasked: msisdn.length >= 9 ? (msisdn.includes('*') ? msisdn.slice(0, 20) : maskMsisdn(msisdn)) : null,
    occurredAt,
  };
}
