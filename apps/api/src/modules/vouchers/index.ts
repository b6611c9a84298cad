// The public entry of the vouchers module: what other modules may use (docs/architecture.md, CONTRIBUTING.md).
// Other modules import '../vouchers', never a file inside it; files inside the module import each other directly.
export { csvCell } from './voucher-csv';
export { VoucherDto } from './dto/voucher.dto';
export { VoucherException } from './vouchers.exception';
export { VouchersModule } from './vouchers.module';
export { VoucherSalesService } from './voucher-sales.service';
export type { CashSaleNote, CashSaleSelection, IssuedVoucher, ResellerCardNote } from './voucher-sales.service';
export type { ResellerPricing } from './voucher-cash';
export { CASH_REFUSALS, CASH_SALE_MAX_VOUCHERS, CASH_SKIPS, RESELLER_REFUSALS } from './voucher-cash';
export { VouchersService } from './vouchers.service';
export type { VoucherSummary } from './vouchers.service';
