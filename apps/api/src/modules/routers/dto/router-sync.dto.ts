import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { OP_STATUSES } from '../entities/provisioning-op.entity';
import { PROVISIONING_OP_TYPES } from '../provisioning.types';

// A router's provisioning sync: the outbox backlog and failures, bulk pushes, retry, reconcile.

export class ProvisioningOpDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: PROVISIONING_OP_TYPES, enumName: 'ProvisioningOpType' }) type: string;
  @ApiProperty() target: string;
  @ApiProperty({ enum: OP_STATUSES, enumName: 'ProvisioningOpStatus' }) status: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ type: String, format: 'date-time' }) nextAttemptAt: Date;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty({ type: String, nullable: true }) lastErrorCode: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class BulkSyncDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) routerId: string;
  @ApiProperty({ enum: ['queued', 'running', 'succeeded', 'failed'] }) status: 'queued' | 'running' | 'succeeded' | 'failed';
  @ApiProperty() total: number;
  @ApiProperty() done: number;
  @ApiProperty() failed: number;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
}

export class RouterSyncDto {
  @ApiProperty({ description: 'Nothing waiting or failed, and the router confirmed every user the platform wants there' }) inSync: boolean;
  @ApiProperty() pending: number;
  @ApiProperty() failed: number;
  @ApiProperty({ type: [ProvisioningOpDto], description: 'Waiting operations, newest first (at most 50)' }) backlog: ProvisioningOpDto[];
  @ApiProperty({ type: [ProvisioningOpDto], description: 'Dead-lettered operations, newest first (at most 50)' }) failures: ProvisioningOpDto[];
  @ApiProperty({ type: [BulkSyncDto], description: 'Latest bulk syncs' }) bulkSyncs: BulkSyncDto[];
  @ApiProperty({ description: 'Users the platform wants on this router' }) desiredUsers: number;
  @ApiProperty({ description: 'Of those, users the router confirmed it holds as specified' }) confirmedUsers: number;
  @ApiProperty({ description: 'User profiles the platform wants on this router' }) desiredProfiles: number;
}

export class RetryOpsDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'One operation; all failed and waiting ones when absent' })
  @IsString()
  @MaxLength(36)
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'opId must be a UUID' })
  @IsOptional()
  opId?: string;
}

export class RetryResultDto {
  @ApiProperty({ description: 'Operations made due now' }) retried: number;
}

export class ReconcileReportDto {
  @ApiProperty({ type: [String], description: 'Missing users re-added' }) missingAdded: string[];
  @ApiProperty({ type: [String], description: 'Users that differed and were corrected' }) updated: string[];
  @ApiProperty({ type: [String], description: 'Platform users the platform no longer wants, removed' }) staleRemoved: string[];
  @ApiProperty({ type: [String], description: 'Users not made by the platform (listed, left alone)' }) unknown: string[];
  @ApiProperty({ type: [String] }) profilesAdded: string[];
  @ApiProperty({ type: [String], description: 'Items that could not be fixed, with the reason' }) errors: string[];
}
