import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * Who started a portal purchase (docs/portal.md "Purchases belong to the device that started
 * them"): the hash of the token handed to that client, and the hotspot MAC the router's link
 * gave it. Reading the purchase needs the token; recovering it by phone needs the same MAC.
 * Owned by the captive module; `paymentId` is the payments module's purchase id.
 */
@Entity('portal_purchases')
export class PortalPurchase {
  @PrimaryColumn('uuid')
  paymentId: string;

  @Column({ type: 'uuid' })
  providerId: string;

  @Column({ type: 'uuid' })
  routerId: string;

  /** `AA:BB:CC:DD:EE:FF`, from the portal link; null when the portal had none */
  @Column({ type: 'varchar', length: 17, nullable: true })
  clientMac: string | null;

  /** SHA-256 (hex) of the purchase token; the token itself is never stored */
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
