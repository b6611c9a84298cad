/**
 * The audit log in words: what each action key means, what its target is called and its
 * metadata as "Label: value" lines. Unknown actions and keys fall back to the key itself, made
 * readable ("router.sync_retry" → "Router: sync retry"), so a new action never shows blank.
 */
import { formatMoney } from '../../common/money';
import { NAIROBI_TIME_ZONE } from '../../common/time';

export const ACTION_LABELS: Readonly<Record<string, string>> = {
  'auth.login': 'Logged in',
  'auth.login_failed': 'Failed to log in (wrong e-mail or password)',
  'auth.account_under_attack': 'Many failed logins from several addresses against this account (nobody was locked out)',
  'auth.logout': 'Logged out',
  'auth.login_deactivated': 'Tried to log in to a deactivated account (right password, refused)',
  'auth.password_changed': 'Changed their password',
  'auth.password_reset_requested': 'Asked for a password-reset e-mail',
  'auth.password_reset': 'Set a new password through a reset link (every session was ended)',
  'auth.invitation_accepted': 'Accepted an invitation: set a password through the e-mailed link',
  'auth.refresh_reused': 'An old session token was reused: every session of that login was ended',
  'api_key.created': 'Created an API key',
  'api_key.revoked': 'Revoked an API key',
  'staff.created': 'Added a staff member',
  'staff.invitation_resent': "Sent a staff member's invitation again",
  'staff.removed': 'Removed a staff member',
  'user.deactivated': 'Deactivated a user (signed out everywhere)',
  'user.reactivated': 'Reactivated a user',
  'user.super_admin_created': 'Added a super admin',
  'user.password_reset_sent': 'Sent a user a password-reset e-mail',
  'provider.signup': 'Signed up',
  'provider.signup_email_taken': 'A sign-up was tried with this e-mail, already registered (nothing was created)',
  'provider.profile_updated': 'Changed the business profile',
  'provider.branding_updated': 'Changed the portal branding',
  'provider.approve': 'Approved a provider',
  'provider.reject': 'Rejected a provider',
  'provider.suspend': 'Suspended a provider',
  'provider.reactivate': 'Reactivated a provider',
  'router.create': 'Added a router',
  'router.update': 'Changed a router',
  'router.delete': 'Deleted a router',
  'router.import': 'Imported routers from a CSV file',
  'router.session_kick': 'Ended a hotspot session',
  'router.setup_kit': "Downloaded a router's setup kit",
  'router.sync_retry': "Retried a router's pending changes",
  'router.certificate_accepted': "Accepted a router's new api-ssl certificate",
  'router.interface_disabled': 'Disabled an interface on a router',
  'router.interface_enabled': 'Enabled an interface on a router',
  'router.hotspot_user_deleted': 'Deleted a hotspot user Wavu did not manage from a router',
  'router.backup_taken': 'Took a backup of a router',
  'router.backup_downloaded': "Downloaded a router's backup",
  'router.backup_schedule_updated': "Changed a router's backup schedule",
  'router.backup_file_served': 'A router fetched a backup file to restore it (single-use link)',
  'router.restore_started': 'Started restoring a backup onto a router',
  'router.restore_finished': 'A restore of a router ended',
  'plan.created': 'Created a plan',
  'plan.updated': 'Changed a plan',
  'plan.archived': 'Archived a plan',
  'plan.restored': 'Restored a plan',
  'voucher.pushed': 'Put a voucher on routers',
  'voucher.disabled': 'Disabled a voucher',
  'voucher.enabled': 'Enabled a voucher',
  'voucher.refunded': 'Refunded a voucher',
  'voucher.transferred': 'Moved a voucher to another router',
  'voucher.extended': 'Extended a voucher',
  'voucher.sms_resent': "Texted a voucher's code to its buyer again",
  'voucher.adopted': 'Took over a hotspot user found on a router as a voucher',
  'voucher.complimentary': 'Gave a free (complimentary) voucher',
  'voucher_batch.created': 'Generated a voucher batch',
  'voucher_batch.pushed': 'Pushed a voucher batch to routers',
  'customer.phone_revealed': "Showed a buyer's full phone number",
  'payments.settings_changed': 'Changed the M-Pesa settings',
  'sms.settings_changed': 'Changed the SMS settings',
  'sms.test_sent': 'Sent a test SMS',
  'user.phone_changed': 'Changed their mobile number',
  'user.alert_preferences_changed': 'Changed their alert settings',
  'payments.commission_changed': 'Changed the commission rate',
  'payments.c2b_registered': 'Registered the paybill/till with M-Pesa (C2B)',
  'payments.platform_c2b_registered': "Registered the platform's paybill/till with M-Pesa (C2B)",
  'payments.callback_secret_rotated': 'Replaced the M-Pesa callback secret',
  'payments.payout_recorded': 'Recorded a payout',
  'payments.refund_recorded': 'Reversed a refunded sale in the ledger',
  'payments.pull_registered': 'Registered a shortcode for M-Pesa statement checks',
  'payments.statement_uploaded': 'Uploaded an M-Pesa statement',
  'payments.statement_applied': 'Applied an M-Pesa statement',
  'payments.cash_sale_recorded': 'Recorded vouchers sold for cash',
  'payments.reseller_created': 'Added a reseller',
  'payments.reseller_updated': 'Changed a reseller',
  'payments.reseller_cards_handed_over': 'Handed cards to a reseller',
  'payments.reseller_cards_returned': 'Took unsold cards back from a reseller',
  'payments.reseller_cash_collected': 'Recorded money received from a reseller',
  'payments.reseller_collection_reversed': 'Reversed money recorded as received from a reseller',
  'payments.attention_voucher_issued': 'Issued the voucher for a payment that needed attention',
  'payments.attention_refund_due': 'Marked a refund due for a payment that needed attention',
  'payments.attention_dismissed': 'Dismissed a payment that needed attention',
  'payments.attention_claimed': 'Added an expired M-Pesa push the customer says they paid to Needs attention',
  'platform_plan.create': 'Created a platform plan',
  'platform_plan.update': 'Changed a platform plan',
  'platform_plan.delete': 'Deleted a platform plan',
  'platform_settings.update': 'Changed the default limits',
  'subscription.checkout': 'Started a subscription payment',
  'subscription.paid': 'Subscription paid',
  'subscription.payment_mismatch': 'Subscription payment did not match the invoice (held)',
  'subscription.payment_reversed': 'Subscription payment reversed',
  'subscription.extend': 'Extended a subscription',
  'subscription.waive': 'Waived a subscription payment',
  'subscription.paused': 'Sales paused: subscription unpaid',
  'subscription.expired': 'Subscription expired',
  'job.run_now': 'Ran a scheduled job now',
};

/** What a target type is called in a sentence ("Router Kiosk"). */
export const TARGET_NOUNS: Readonly<Record<string, string>> = {
  router: 'Router',
  plan: 'Plan',
  voucher: 'Voucher',
  voucher_batch: 'Voucher batch',
  user: 'User',
  api_key: 'API key',
  provider: 'Provider',
  platform_plan: 'Platform plan',
  platform_settings: 'Platform settings',
  subscription_invoice: 'Invoice',
  provider_subscription: 'Subscription',
  payment_settings: 'M-Pesa settings',
  platform_payment_settings: 'Platform shortcode',
  statement_upload: 'Statement',
  statement_source: 'Shortcode',
  customer: 'Buyer',
  attention_item: 'Needs attention item',
  payment: 'Payment',
  reseller: 'Reseller',
  job: 'Job',
};

/** "voucher_batch" → "Voucher batch", "pushToRouter" → "Push to router". */
export function humanise(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-.]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words[0].toUpperCase() + words.slice(1) : key;
}

/** The action in words; an unknown key reads "Router: sync retry". */
export function actionLabel(action: string): string {
  const known = ACTION_LABELS[action];
  if (known) return known;
  const [subject, ...rest] = action.split('.');
  return rest.length ? `${humanise(subject ?? '')}: ${humanise(rest.join(' ')).toLowerCase()}` : humanise(action);
}

const DETAIL_LABELS: Readonly<Record<string, string>> = {
  fields: 'Changed',
  name: 'Name',
  email: 'E-mail',
  host: 'Address',
  from: 'From',
  to: 'To',
  reason: 'Reason',
  scope: 'Access',
  quantity: 'Codes',
  pushToRouter: 'Put on routers',
  label: 'Label',
  planName: 'Plan',
  plan: 'Plan',
  code: 'Code',
  count: 'How many',
  format: 'Format',
  mode: 'Collection',
  secretsChanged: 'Secrets changed',
  rateBp: 'Commission',
  amountMinor: 'Amount',
  grossMinor: 'Refunded to the customer',
  commissionMinor: 'Commission reversed',
  netMinor: 'Net reversed',
  method: 'Paid by',
  collectionMode: 'Collection',
  priceMinor: 'Price',
  reference: 'Reference',
  shortcode: 'Shortcode',
  lines: 'Lines',
  wouldSettle: 'Would settle',
  settled: 'Settled',
  recorded: 'Already recorded',
  unmatched: 'Unmatched',
  ignored: 'Ignored',
  retried: 'Retried',
  unconfirmed: 'Not yet confirmed',
  status: 'Result',
  receipt: 'M-Pesa receipt',
  days: 'Days',
  periods: 'Periods',
  periodEnd: 'Paid until',
  source: 'Source',
  version: 'Version',
  phone: 'Phone',
  via: 'Shown from',
  password: 'Password',
  encryption: 'Encryption',
  connectionMode: 'Reached',
  previousFingerprint: 'Previous certificate (SHA-256)',
  fingerprint: 'Certificate (SHA-256)',
  declaredType: 'Type declared',
  confirmedType: 'Type confirmed',
  defaultMaxRouters: 'Routers without a paid plan',
  kind: 'Kind',
  hour: 'Hour (Nairobi)',
  keep: 'Versions kept',
  enabled: 'On',
  line: 'Stopped at line',
  defaultMaxVouchersPerMonth: 'Vouchers a month without a paid plan',
  defaultMaxSmsPerMonth: 'Platform SMS a month without a paid plan',
  by: 'Named by',
  fromSeq: 'From card',
  toSeq: 'To card',
  named: 'Vouchers named',
  recordedCash: 'Recorded as cash sales',
  recordedReseller: 'Recorded as reseller sales',
  handedOver: 'Cards handed over',
  returned: 'Cards taken back',
  valueMinor: 'Value at the reseller price',
  unitPriceMinor: 'Reseller price per card',
  discountPercent: 'Discount (%)',
  receivedAt: 'Received at',
  archived: 'Archived',
  note: 'Note',
  alreadyRecorded: 'Skipped (sale already recorded)',
  refused: 'Refused',
  soldAt: 'Sold at',
  role: 'Role',
  invited: 'Invited by e-mail',
};

const VALUE_WORDS: Readonly<Record<string, string>> = {
  platform: 'Platform collection',
  own_account: 'Own Daraja app',
  rsc: 'script (.rsc)',
  zip: 'hotspot pages (.zip)',
  system_health: 'System health',
  trialing: 'trial',
  past_due: 'past due',
  on_demand: 'asked for',
  collection_mode_changed: 'collection changed',
  super_admin: 'super admin',
  provider_owner: 'provider owner',
  provider_staff: 'provider staff',
};

const FIRST = ['name', 'email', 'code', 'fields', 'from', 'to', 'reason'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function words(key: string, value: unknown): string {
  if (value === true) return 'yes';
  if (value === false) return 'no';
  if (typeof value === 'number') {
    if (key.endsWith('Minor')) return formatMoney(value, 'KES');
    if (key === 'rateBp') return `${value / 100} %`;
    return value.toLocaleString('en-KE');
  }
  if (typeof value === 'string') {
    if (key === 'connectionMode') return value === 'tunnel' ? 'through the management tunnel' : value === 'direct' ? 'directly at its address' : value;
    if (key === 'method')
      return (
        (
          { mpesa_reversal: 'M-Pesa reversal', mpesa_b2c: 'M-Pesa (B2C)', bank_transfer: 'bank transfer', cash: 'cash', mpesa: 'M-Pesa', none: 'nothing (no recorded payment)' } as Record<
            string,
            string
          >
        )[value] ?? value
      );
    if (key === 'via') return value === 'customer' ? 'Customers page' : value === 'payment' ? 'Payment details' : value;
    if (ISO.test(value)) return new Date(value).toLocaleString('en-KE', { timeZone: NAIROBI_TIME_ZONE, dateStyle: 'medium', timeStyle: 'short' });
    if (key === 'fields') return humanise(value).toLowerCase();
    return VALUE_WORDS[value] ?? value;
  }
  if (Array.isArray(value)) return value.map((v) => words(key, v)).join(', ');
  return JSON.stringify(value);
}

/**
 * The metadata as readable lines. Ids (keys ending in "Id" or uuid values) and empty values are
 * left out: the target's name already says which thing it was.
 */
export function detailLines(metadata: Record<string, unknown> | null | undefined): { label: string; value: string }[] {
  const lines: { label: string; value: string }[] = [];
  // jsonb keeps keys sorted by length, so "to" would come before "from": put the usual pairs in reading order
  const entries = Object.entries(metadata ?? {}).sort(([a], [b]) => (FIRST.indexOf(a) + 1 || 99) - (FIRST.indexOf(b) + 1 || 99));
  for (const [key, value] of entries) {
    if (value === null || value === undefined || value === '') continue;
    if (/Id$/.test(key) || (typeof value === 'string' && UUID.test(value))) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    lines.push({ label: DETAIL_LABELS[key] ?? humanise(key), value: words(key, value) });
  }
  return lines;
}
