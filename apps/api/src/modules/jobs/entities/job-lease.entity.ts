import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Who runs a job right now, across every API instance: one row per job name while a run is in
 * progress, renewed while it works and deleted when it ends. A crashed instance's lease simply
 * expires. A row instead of a session advisory lock, so a running job holds no pooled
 * connection for its whole run (its work needs the pool too).
 */
@Entity('job_leases')
export class JobLease {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name: string;

  /** `host:pid:run-uuid` of the run holding it. */
  @Column({ type: 'varchar', length: 160 })
  holder: string;

  @Column({ type: 'timestamptz' })
  acquiredAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}
