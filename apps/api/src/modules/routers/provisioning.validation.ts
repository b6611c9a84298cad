import { isSafeRouterText } from '@wavu/routeros';
import type { ErrorDetail } from '../../common/errors/app-exception';
import type { HotspotProfileSpec, HotspotUserSpec, ProvisioningOpInput } from './provisioning.types';
import { PROVISIONING_OP_TYPES } from './provisioning.types';

export const PROFILE_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const USER_NAME_RE = /^[\x21-\x7E]{1,64}$/;
export const RATE_LIMIT_RE = /^\d+(\.\d+)?[kKmMgG]?(\/\d+(\.\d+)?[kKmMgG]?)?( [0-9kKmMgG./]+){0,5}$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const nonNegInt = (v: unknown): boolean => v === undefined || (Number.isInteger(v) && (v as number) >= 0);

function profileProblems(p: HotspotProfileSpec | undefined, field: string): ErrorDetail[] {
  if (!p || typeof p !== 'object') return [{ field, messages: [`${field} is required`] }];
  const out: ErrorDetail[] = [];
  if (typeof p.name !== 'string' || !PROFILE_NAME_RE.test(p.name)) out.push({ field: `${field}.name`, messages: ['name must be 1-64 letters, digits or . _ : -'] });
  if (p.rateLimit !== undefined && (typeof p.rateLimit !== 'string' || !RATE_LIMIT_RE.test(p.rateLimit))) out.push({ field: `${field}.rateLimit`, messages: ['rateLimit must look like 2M/5M'] });
  if (p.sharedUsers !== undefined && (!Number.isInteger(p.sharedUsers) || p.sharedUsers < 0 || p.sharedUsers > 1000))
    out.push({ field: `${field}.sharedUsers`, messages: ['sharedUsers must be an integer 0-1000'] });
  if (!nonNegInt(p.sessionTimeoutSeconds)) out.push({ field: `${field}.sessionTimeoutSeconds`, messages: ['must be a whole number of seconds'] });
  if (!nonNegInt(p.idleTimeoutSeconds)) out.push({ field: `${field}.idleTimeoutSeconds`, messages: ['must be a whole number of seconds'] });
  return out;
}

export function userProblems(u: HotspotUserSpec | undefined, field: string): ErrorDetail[] {
  if (!u || typeof u !== 'object') return [{ field, messages: [`${field} is required`] }];
  const out: ErrorDetail[] = [];
  if (typeof u.name !== 'string' || !USER_NAME_RE.test(u.name)) out.push({ field: `${field}.name`, messages: ['name must be 1-64 printable ASCII characters without spaces'] });
  if (typeof u.password !== 'string' || u.password.length > 64 || !isSafeRouterText(u.password))
    out.push({ field: `${field}.password`, messages: ['password must be at most 64 printable ASCII characters'] });
  if (typeof u.profile !== 'string' || !PROFILE_NAME_RE.test(u.profile)) out.push({ field: `${field}.profile`, messages: ['profile must be a profile name'] });
  if (typeof u.comment !== 'string' || u.comment.length > 255 || !isSafeRouterText(u.comment))
    out.push({ field: `${field}.comment`, messages: ['comment must be at most 255 printable ASCII characters'] });
  if (!nonNegInt(u.limitUptimeSeconds)) out.push({ field: `${field}.limitUptimeSeconds`, messages: ['must be a whole number of seconds'] });
  if (!nonNegInt(u.limitBytesTotal)) out.push({ field: `${field}.limitBytesTotal`, messages: ['must be a whole number of bytes'] });
  if (u.disabled !== undefined && typeof u.disabled !== 'boolean') out.push({ field: `${field}.disabled`, messages: ['disabled must be a boolean'] });
  return out;
}

/** Checks operations from other modules before they reach the outbox (a bug there must not poison a router's queue). */
export function opProblems(ops: ProvisioningOpInput[]): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  ops.forEach((op, i) => {
    const f = `ops[${i}]`;
    if (typeof op.routerId !== 'string' || !UUID_RE.test(op.routerId)) out.push({ field: `${f}.routerId`, messages: ['routerId must be a UUID'] });
    if (!PROVISIONING_OP_TYPES.includes(op.type)) {
      out.push({ field: `${f}.type`, messages: [`type must be one of ${PROVISIONING_OP_TYPES.join(', ')}`] });
      return;
    }
    if (op.type === 'upsert_profile') {
      out.push(...profileProblems(op.profile, `${f}.profile`));
      if (op.profile && op.target !== op.profile.name) out.push({ field: `${f}.target`, messages: ['target must equal profile.name'] });
    } else if (op.type === 'upsert_user') {
      out.push(...userProblems(op.user, `${f}.user`));
      if (op.user && op.target !== op.user.name) out.push({ field: `${f}.target`, messages: ['target must equal user.name'] });
    } else {
      const re = op.type === 'remove_profile' ? PROFILE_NAME_RE : USER_NAME_RE;
      if (typeof op.target !== 'string' || !re.test(op.target)) out.push({ field: `${f}.target`, messages: ['target is not a valid name'] });
    }
  });
  return out;
}
