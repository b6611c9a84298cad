import type { components } from '@/lib/api/schema';

type S = components['schemas'];
export type AttentionItemDto = S['AttentionItemDto'];
export type AttentionState = S['AttentionState'];
export type AttentionKind = S['AttentionKind'];
export type WebhookLogDto = S['WebhookLogDto'];

export interface WebhookLogFilters {
  search?: string | undefined;
  /** super admin: only the platform shortcode's money that reached no provider */
  unrouted?: boolean;
}

/** A provider's own queue, or every provider's (super admin). */
export type AttentionScope = 'provider' | 'admin';
