import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { PasswordTokenPurpose } from './entities/password-reset-token.entity';

/** A link's token as the confirmation finds it (locked), with why it no longer works, if it does not. */
export interface FoundPasswordToken {
  id: string;
  userId: string;
  expiresAt: Date;
  state: 'usable' | 'used' | 'voided' | 'expired';
}

/** A user's newest invitation link (the staff list). */
export interface LatestInvitation {
  id: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  state: FoundPasswordToken['state'];
}

/**
 * The tokens of e-mailed set-password links (`password_reset_tokens`: password resets and staff
 * invitations, told apart by `purpose`). Only the SHA-256 of a token is stored.
 */
@Injectable()
export class PasswordTokensRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Voids the user's unused links of this purpose (a newer one replaces them). */
  async voidUnused(manager: EntityManager, userId: string, purpose: PasswordTokenPurpose): Promise<void> {
    await manager.query(`UPDATE password_reset_tokens SET voided_at = now() WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL AND voided_at IS NULL`, [userId, purpose]);
  }

  /** Voids every unused link of the user (the account was deactivated: a later reactivation must not revive them). */
  async voidAllUnused(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`UPDATE password_reset_tokens SET voided_at = now() WHERE user_id = $1 AND used_at IS NULL AND voided_at IS NULL`, [userId]);
  }

  /** A new link's token; expires `minutes` from now. */
  async insert(manager: EntityManager, userId: string, purpose: PasswordTokenPurpose, tokenHash: string, minutes: number): Promise<{ id: string; expiresAt: Date }> {
    const [row]: Array<{ id: string; expires_at: Date }> = await manager.query(
      `INSERT INTO password_reset_tokens (user_id, purpose, token_hash, expires_at) VALUES ($1, $2, $3, now() + make_interval(mins => $4)) RETURNING id, expires_at`,
      [userId, purpose, tokenHash, minutes],
    );
    return { id: row.id, expiresAt: new Date(row.expires_at) };
  }

  /** The token with this hash and purpose, locked for the rest of the transaction; null when unknown. */
  async findForUpdate(manager: EntityManager, tokenHash: string, purpose: PasswordTokenPurpose): Promise<FoundPasswordToken | null> {
    const [row]: Array<{ id: string; user_id: string; expires_at: Date; state: FoundPasswordToken['state'] }> = await manager.query(
      `SELECT id, user_id, expires_at, ${STATE} AS state FROM password_reset_tokens WHERE token_hash = $1 AND purpose = $2 FOR UPDATE`,
      [tokenHash, purpose],
    );
    return row ? { id: row.id, userId: row.user_id, expiresAt: new Date(row.expires_at), state: row.state } : null;
  }

  /** The token with this hash and purpose, not locked (a look before the form). */
  async find(tokenHash: string, purpose: PasswordTokenPurpose): Promise<FoundPasswordToken | null> {
    const [row]: Array<{ id: string; user_id: string; expires_at: Date; state: FoundPasswordToken['state'] }> = await this.dataSource.query(
      `SELECT id, user_id, expires_at, ${STATE} AS state FROM password_reset_tokens WHERE token_hash = $1 AND purpose = $2`,
      [tokenHash, purpose],
    );
    return row ? { id: row.id, userId: row.user_id, expiresAt: new Date(row.expires_at), state: row.state } : null;
  }

  /** The link set a password: it is spent, and every other unused link of the user (any purpose) is voided. */
  async spend(manager: EntityManager, id: string, userId: string): Promise<void> {
    await manager.query(`UPDATE password_reset_tokens SET used_at = now() WHERE id = $1`, [id]);
    await manager.query(`UPDATE password_reset_tokens SET voided_at = now() WHERE user_id = $1 AND id <> $2 AND used_at IS NULL AND voided_at IS NULL`, [userId, id]);
  }

  /** Each user's newest invitation link (users never invited are absent). */
  async latestInvitations(userIds: string[]): Promise<Map<string, LatestInvitation>> {
    if (userIds.length === 0) return new Map();
    const rows: Array<{ id: string; user_id: string; created_at: Date; expires_at: Date; state: FoundPasswordToken['state'] }> = await this.dataSource.query(
      `SELECT DISTINCT ON (user_id) id, user_id, created_at, expires_at, ${STATE} AS state
         FROM password_reset_tokens WHERE user_id = ANY($1::uuid[]) AND purpose = 'invitation'
        ORDER BY user_id, created_at DESC, id DESC`,
      [userIds],
    );
    return new Map(rows.map((r) => [r.user_id, { id: r.id, userId: r.user_id, createdAt: new Date(r.created_at), expiresAt: new Date(r.expires_at), state: r.state }]));
  }
}

/** A token's state, in SQL (the database's clock decides expiry, as it set it). */
const STATE = `CASE WHEN used_at IS NOT NULL THEN 'used' WHEN voided_at IS NOT NULL THEN 'voided' WHEN expires_at <= now() THEN 'expired' ELSE 'usable' END`;
