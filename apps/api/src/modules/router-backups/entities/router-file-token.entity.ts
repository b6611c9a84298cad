import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A single-use link a router pulls a backup through (`GET /api/v1/router-files/{token}`):
 * only the token's SHA-256 is kept; it expires after minutes and is spent by its first use.
 */
@Entity('router_file_tokens')
export class RouterFileToken {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'uuid' })
  providerId: string;

  @Column({ type: 'uuid' })
  routerId: string;

  @Column({ type: 'uuid' })
  backupId: string;

  @Column({ type: 'uuid' })
  restoreId: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}
