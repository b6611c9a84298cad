import type { BadgeTone } from '@/components/ui/badge';
import { formatCount } from '@/lib/format';
import type { PullHealth, StatementLineStatus, StatementUploadDto } from '../api/types';

export const HEALTH_LABELS: Record<PullHealth, string> = {
  ok: 'Working',
  suspect: 'No records',
  not_registered: 'Not set up at Safaricom',
  failing: 'Failing',
};

export const HEALTH_TONES: Record<PullHealth, BadgeTone> = { ok: 'success', suspect: 'warning', not_registered: 'warning', failing: 'danger' };

/** What a line's outcome means, in the preview (future) and after applying (past). */
export const OUTCOME_LABELS: Record<StatementLineStatus, { preview: string; done: string }> = {
  settled: { preview: 'Will be settled', done: 'Settled' },
  recorded: { preview: 'Already recorded', done: 'Already recorded' },
  unmatched: { preview: 'Matches no purchase', done: 'Unmatched' },
  ignored: { preview: 'Ignored', done: 'Ignored' },
};

export const OUTCOME_TONES: Record<StatementLineStatus, BadgeTone> = { settled: 'success', recorded: 'neutral', unmatched: 'warning', ignored: 'neutral' };

export const UPLOAD_STATUS: Record<StatementUploadDto['status'], { label: string; tone: BadgeTone }> = {
  previewed: { label: 'Not applied', tone: 'info' },
  applying: { label: 'Applying…', tone: 'warning' },
  applied: { label: 'Applied', tone: 'success' },
};

/** 1 → "1 payment", 3 → "3 payments". */
export const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

export const STATEMENT_FILE_MAX_CHARS = 10_000_000;
