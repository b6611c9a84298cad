import { Link, useNavigate, useParams } from 'react-router-dom';
import { Card } from '@/components/ui/card';
import { BatchView } from '@/features/vouchers/components/batch-view';
import { BatchesList } from '@/features/vouchers/components/batches-list';
import { CashSaleForm } from '@/features/vouchers/components/cash-sale';
import { GenerateForm } from '@/features/vouchers/components/generate-form';
import { VoucherDetail } from '@/features/vouchers/components/voucher-detail';
import { VouchersList } from '@/features/vouchers/components/vouchers-list';
import { paths } from '../../paths';
import { useTitle } from '../../use-title';

const byBatch = (batchId: string) => `${paths.vouchers}?batchId=${encodeURIComponent(batchId)}`;
const cashSaleOf = (batchId: string) => `${paths.voucherCashSale}?batchId=${encodeURIComponent(batchId)}`;
const UNRECORDED = `${paths.vouchers}?sale=not_recorded`;
const smsOfVoucher = (voucherId: string) => paths.smsLogOf({ voucherId });
const BATCH_SMS = paths.smsLogOf({ template: 'voucher_batch' });

function VoucherLinks() {
  return (
    <div className="vch-toolbar">
      <Link className="btn btn-primary" to={paths.voucherGenerate}>
        Generate vouchers
      </Link>
      <Link className="btn btn-secondary" to={paths.voucherCashSale}>
        Record cash sale
      </Link>
      <Link className="btn btn-secondary" to={paths.voucherBatches}>
        Batches
      </Link>
      <Link className="btn btn-ghost" to={paths.vouchers}>
        All vouchers
      </Link>
    </div>
  );
}

export function VouchersRoute() {
  useTitle('Vouchers');
  return (
    <>
      <h1 className="page-title">Vouchers</h1>
      <VoucherLinks />
      <VouchersList detailPath={paths.voucher} />
    </>
  );
}

export function VoucherDetailRoute() {
  useTitle('Voucher');
  const { id = '' } = useParams();
  return (
    <>
      <VoucherLinks />
      <VoucherDetail id={id} batchPath={paths.voucherBatch} resellerPath={paths.reseller} smsLogPath={smsOfVoucher} />
    </>
  );
}

export function VoucherGenerateRoute() {
  useTitle('Generate vouchers');
  const navigate = useNavigate();
  return (
    <>
      <h1 className="page-title">Generate vouchers</h1>
      <VoucherLinks />
      <Card>
        <GenerateForm plansPath={paths.plans} onCreated={(batch) => void navigate(paths.voucherBatch(batch.id))} />
      </Card>
    </>
  );
}

export function VoucherCashSaleRoute() {
  useTitle('Record cash sale');
  return (
    <>
      <h1 className="page-title">Record cash sale</h1>
      <VoucherLinks />
      <CashSaleForm batchPath={paths.voucherBatch} unrecordedPath={UNRECORDED} />
    </>
  );
}

export function VoucherBatchesRoute() {
  useTitle('Voucher batches');
  return (
    <>
      <h1 className="page-title">Voucher batches</h1>
      <VoucherLinks />
      <BatchesList batchPath={paths.voucherBatch} />
    </>
  );
}

export function VoucherBatchRoute() {
  useTitle('Voucher batch');
  const { id = '' } = useParams();
  return (
    <>
      <VoucherLinks />
      <BatchView id={id} vouchersPath={byBatch} cashSalePath={cashSaleOf} smsLogPath={BATCH_SMS} />
    </>
  );
}
