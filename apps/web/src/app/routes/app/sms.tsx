import { NotAllowed } from '@/components/ui/not-allowed';
import { SmsLog } from '@/features/sms/components/sms-log';
import { SmsSettingsPage } from '@/features/sms/components/sms-settings-page';
import { paths } from '../../paths';
import { useTitle } from '../../use-title';
import { useMe } from './layout';

/** Owner only (the API answers staff 403); anyone else gets a clear "not allowed" instead of a silent redirect. */
export function SmsSettingsRoute() {
  useTitle('SMS settings');
  const me = useMe();
  return (
    <>
      <h1 className="page-title">SMS settings</h1>
      {me.role === 'provider_owner' ? (
        <SmsSettingsPage logPath={paths.smsLog} />
      ) : (
        <NotAllowed why="Only the account owner can view or change the SMS settings. Ask the owner if something needs to change." backTo={paths.overview} />
      )}
    </>
  );
}

/** Every SMS to the provider's customers (any staff). */
export function SmsLogRoute() {
  useTitle('SMS log');
  return (
    <>
      <h1 className="page-title">SMS log</h1>
      <SmsLog voucherPath={paths.voucher} />
    </>
  );
}
