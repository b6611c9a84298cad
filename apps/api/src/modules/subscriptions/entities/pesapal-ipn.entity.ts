import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The platform's registered Pesapal IPN (one per Pesapal base URL + IPN URL), reused across restarts. */
@Entity('pesapal_ipn_registrations')
@Index('uq_pesapal_ipn_registrations_base_url', ['baseUrl', 'consumerKey', 'url'], { unique: true })
export class PesapalIpnRegistration {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 300 })
  baseUrl: string;

  @Column({ type: 'varchar', length: 100 })
  consumerKey: string;

  @Column({ type: 'varchar', length: 500 })
  url: string;

  @Column({ type: 'varchar', length: 64 })
  ipnId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
