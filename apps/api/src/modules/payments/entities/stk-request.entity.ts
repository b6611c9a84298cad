import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { bigintTransformer } from '../../../common/money';
import type { StkStatus } from '../stk-state';

/**
 * One STK push (docs/product.md §6): CheckoutRequestID unique. The row is locked FOR UPDATE while a
 * callback or query result is applied, so duplicates serialise. `status` follows stk-state.ts.
 */
@Entity('stk_requests')
@Index('uq_stk_requests_checkout', ['checkoutRequestId'], { unique: true, where: 'checkout_request_id IS NOT NULL' })
@Index('uq_stk_requests_payment', ['paymentId'], { unique: true })
@Index('idx_stk_requests_due_query', ['nextQueryAt'], { where: `status IN ('pending', 'expired')` })
@Index('idx_stk_requests_provider_phone', ['providerId', 'phone', 'createdAt'])
export class StkRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  providerId: string;

  @Column({ type: 'uuid' })
  paymentId: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  checkoutRequestId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  merchantRequestId: string | null;

  @Column({ type: 'varchar', length: 10 })
  status: StkStatus;

  @Column({ type: 'varchar', length: 15 })
  phone: string;

  /** Whole shillings asked (what Daraja was sent). */
  @Column({ type: 'bigint', transformer: bigintTransformer })
  amount: number;

  @Column({ type: 'varchar', length: 7 })
  shortcode: string;

  @Column({ type: 'varchar', length: 12 })
  accountReference: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  resultCode: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  resultDesc: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  receipt: string | null;

  /** The callback-secret version of this push's CallBackURL: only that secret is accepted for its callbacks. */
  @Column({ type: 'int', default: 1 })
  callbackSecretVersion: number;

  /** How the result was learned: callback, query, or a statement line. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  resolvedBy: 'callback' | 'query' | 'statement' | null;

  @Column({ type: 'int', default: 0 })
  queryAttempts: number;

  @Column({ type: 'timestamptz', nullable: true })
  nextQueryAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  callbackAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  error: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
