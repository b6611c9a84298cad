import type { ProviderType } from '../providers';
import type { CollectionMode } from './entities/payment-settings.entity';

/** docs/product.md §6 default platform-collection commission, in basis points (2000 = 20 %). */
export const DEFAULT_COMMISSION_BP: Readonly<Record<ProviderType, number>> = { homeowner: 2000, personal: 2000, isp: 0, enterprise: 0 };

/** Until the super admin confirms a provider's type (approval), its self-declared type earns nothing: the highest default applies. */
const UNCONFIRMED_TYPE_COMMISSION_BP = Math.max(...Object.values(DEFAULT_COMMISSION_BP));

/**
 * The rate that applies: own account is always 0 ("ISP mode"); platform collection uses the
 * override, else the default of the type the super admin confirmed (null: not confirmed yet).
 */
export function commissionRateBp(mode: CollectionMode, confirmedType: ProviderType | null, overrideBp: number | null): number {
  if (mode === 'own_account') return 0;
  return overrideBp ?? (confirmedType ? DEFAULT_COMMISSION_BP[confirmedType] : UNCONFIRMED_TYPE_COMMISSION_BP);
}

/**
 * Splits a gross amount (integer minor units) into commission and net with integer maths:
 * commission rounded half up to the minor unit, net = gross − commission (so they always add up).
 */
export function splitCommission(grossMinor: number, rateBp: number): { commissionMinor: number; netMinor: number } {
  if (!Number.isSafeInteger(grossMinor) || grossMinor < 0) throw new RangeError('gross must be a non-negative integer');
  if (!Number.isInteger(rateBp) || rateBp < 0 || rateBp > 10_000) throw new RangeError('rate must be 0–10000 basis points');
  const commission = (BigInt(grossMinor) * BigInt(rateBp) + 5_000n) / 10_000n;
  return { commissionMinor: Number(commission), netMinor: grossMinor - Number(commission) };
}
