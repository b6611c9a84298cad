import { Badge, type BadgeTone } from '@/components/ui/badge';
import type { RouterStatus } from '../api/types';

const TONES: Record<RouterStatus, BadgeTone> = { online: 'success', offline: 'danger', error: 'warning', unknown: 'neutral' };

/** A router's status; the text is the status itself ("online"). */
export function RouterStatusBadge({ status }: { status: RouterStatus }) {
  return <Badge tone={TONES[status] ?? 'neutral'}>{status}</Badge>;
}

export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  // 1.5 MB, 350 KB (no trailing .0)
  return `${i === 0 ? v : Number(v.toFixed(1))} ${units[i]}`;
}

export function formatDuration(s: number | null | undefined): string {
  if (s === null || s === undefined) return '—';
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = Math.floor(s % 60);
  return [d ? `${d}d` : '', h ? `${h}h` : '', m ? `${m}m` : '', !d && !h ? `${sec}s` : ''].filter(Boolean).join(' ');
}
