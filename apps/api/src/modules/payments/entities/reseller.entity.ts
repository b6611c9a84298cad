import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * A shop or agent that sells a provider's printed cards on consignment (docs/resellers.md): no
 * login; the provider hands cards over, the reseller's sales are owed at the reseller price and
 * the cash collected pays them off. Archived instead of deleted, so its history stays.
 */
@Entity('resellers')
@Index('idx_resellers_provider_name', ['providerId', 'name'])
export class Reseller {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  providerId: string;

  @Column({ type: 'varchar', length: 80 })
  name: string;

  /** MSISDN (2547…), normalised like every phone. */
  @Column({ type: 'varchar', length: 15, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  note: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
