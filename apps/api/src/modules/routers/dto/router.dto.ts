import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateBy } from 'class-validator';
import { isIPv6 } from 'node:net';
import { PageQueryDto } from '../../../common/pagination/page';
import { IsText } from '../../../common/validation/decorators';
import { CONNECTION_STEPS } from '../gateway/router-gateway';
import { ROUTER_STATUSES } from '../entities/router.entity';
import { ROUTER_EVENT_TYPES } from '../entities/router-event.entity';
import { OP_STATUSES } from '../entities/provisioning-op.entity';
import { PROVISIONING_OP_TYPES } from '../provisioning.types';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** host name or IPv4 address */
export const HOST_RE = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
/** RouterOS names we put into scripts and commands: printable ASCII without quotes or backslashes */
export const ROUTEROS_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9 ._@+-]{0,63}$/;
/** a router's host: a host name, an IPv4 address, or an IPv6 address (brackets allowed); the address guard decides whether it may be used */
export const isRouterHost = (value: unknown): boolean => typeof value === 'string' && (HOST_RE.test(value) || isIPv6(value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value));
const RouterHost = () => ValidateBy({ name: 'isRouterHost', validator: { validate: isRouterHost, defaultMessage: () => 'host must be a host name, an IPv4 or an IPv6 address' } });
const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;

/** Where the platform reaches the router: shared by create and "test before saving". */
export class RouterAddressDto {
  @ApiProperty({
    example: '192.0.2.10',
    description: 'Host name, IPv4 or IPv6 address the platform reaches the router API at: a public address (internal ones answer ROUTER_ADDRESS_NOT_ALLOWED unless the operator allows them)',
  })
  @Transform(trim)
  @IsString()
  @MaxLength(253)
  @RouterHost()
  host: string;

  @ApiPropertyOptional({ example: 8728, default: 8728, description: '8728 (api) or 8729 (api-ssl)' })
  @IsInt()
  @Min(1)
  @Max(65535)
  @IsOptional()
  apiPort?: number;

  @ApiPropertyOptional({ default: false, description: 'Use api-ssl (TLS)' })
  @IsBoolean()
  @IsOptional()
  useTls?: boolean;
}

/** The user name the setup kit creates on the router when the owner does not bring one. */
export const DEFAULT_ROUTER_API_USER = 'wavu-api';

/** The connection part of "test before saving": the owner's own credentials. */
export class RouterConnectionDto extends RouterAddressDto {
  @ApiProperty({ example: 'wavu-api' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @Matches(ROUTEROS_NAME_RE, { message: 'username may use letters, digits, space and . _ @ + -' })
  username: string;

  @ApiProperty({ description: 'Stored encrypted; never returned', maxLength: 128 })
  @IsString()
  @MaxLength(128)
  @Matches(PRINTABLE_ASCII, { message: 'password must be printable ASCII (RouterOS API limitation)' })
  password: string;
}

/** What every new router has besides its credentials. */
export class NewRouterFieldsDto extends RouterAddressDto {
  @ApiProperty({ example: 'Kawangware shop' })
  @IsText(2, 80)
  @Matches(PRINTABLE_ASCII, { message: 'name must be printable ASCII' })
  name: string;

  @ApiPropertyOptional({ example: 'hotspot1', description: 'Hotspot server name on the router' })
  @Transform(trim)
  @IsString()
  @MaxLength(64)
  @Matches(ROUTEROS_NAME_RE, { message: 'hotspotServer may use letters, digits, space and . _ @ + -' })
  @IsOptional()
  hotspotServer?: string;

  @ApiPropertyOptional({ example: 'wifi.demo-hotspot.test', description: 'Hotspot DNS name (login links, QR codes)' })
  @Transform(trim)
  @IsString()
  @MaxLength(253)
  @Matches(HOST_RE, { message: 'hotspotDnsName must be a host name' })
  @IsOptional()
  hotspotDnsName?: string;

  @ApiPropertyOptional({ example: 'Kawangware, Nairobi' })
  @IsText(0, 200)
  @IsOptional()
  location?: string;

  @ApiPropertyOptional()
  @IsString()
  @MaxLength(1000)
  @IsOptional()
  notes?: string;
}

/**
 * A new router. Credentials are optional: without a password the platform makes a strong random
 * one (docs/getting-started.md) that only the owner's setup kit carries to the router.
 */
export class CreateRouterDto extends NewRouterFieldsDto {
  @ApiPropertyOptional({ example: DEFAULT_ROUTER_API_USER, description: 'The API user on the router (the setup kit creates it); wavu-api when left out' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @Matches(ROUTEROS_NAME_RE, { message: 'username may use letters, digits, space and . _ @ + -' })
  @IsOptional()
  username?: string;

  @ApiPropertyOptional({
    description: 'Stored encrypted; never returned. Leave out to have the platform generate a strong random password (24 characters); the setup kit then sets it on the router',
    maxLength: 128,
  })
  @IsString()
  @MaxLength(128)
  @Matches(PRINTABLE_ASCII, { message: 'password must be printable ASCII (RouterOS API limitation)' })
  @IsOptional()
  password?: string;
}

/** One row of a CSV import: credentials stay required there (the file brings its own, as before). */
export class ImportRouterRowDto extends NewRouterFieldsDto {
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @Matches(ROUTEROS_NAME_RE, { message: 'username may use letters, digits, space and . _ @ + -' })
  username: string;

  @IsString()
  @MaxLength(128)
  @Matches(PRINTABLE_ASCII, { message: 'password must be printable ASCII (RouterOS API limitation)' })
  password: string;
}

export class UpdateRouterDto {
  @ApiPropertyOptional()
  @IsText(2, 80)
  @Matches(PRINTABLE_ASCII, { message: 'name must be printable ASCII' })
  @IsOptional()
  name?: string;

  @ApiPropertyOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(253)
  @RouterHost()
  @IsOptional()
  host?: string;

  @ApiPropertyOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  @IsOptional()
  apiPort?: number;

  @ApiPropertyOptional()
  @IsBoolean()
  @IsOptional()
  useTls?: boolean;

  @ApiPropertyOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @Matches(ROUTEROS_NAME_RE, { message: 'username may use letters, digits, space and . _ @ + -' })
  @IsOptional()
  username?: string;

  @ApiPropertyOptional({ description: 'Leave out to keep the current password' })
  @IsString()
  @MaxLength(128)
  @Matches(PRINTABLE_ASCII, { message: 'password must be printable ASCII (RouterOS API limitation)' })
  @IsOptional()
  password?: string;

  @ApiPropertyOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(64)
  @Matches(ROUTEROS_NAME_RE, { message: 'hotspotServer may use letters, digits, space and . _ @ + -' })
  @IsOptional()
  hotspotServer?: string;

  @ApiPropertyOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(253)
  @Matches(HOST_RE, { message: 'hotspotDnsName must be a host name' })
  @IsOptional()
  hotspotDnsName?: string;

  @ApiPropertyOptional()
  @IsText(0, 200)
  @IsOptional()
  location?: string;

  @ApiPropertyOptional()
  @IsString()
  @MaxLength(1000)
  @IsOptional()
  notes?: string;
}

export class ImportRoutersDto {
  @ApiProperty({
    description: 'CSV text with a header row: name,host,apiPort,useTls,username,password,hotspotServer,hotspotDnsName,location,notes (name, host, username, password required)',
    maxLength: 90000,
  })
  @IsString()
  @MaxLength(90000)
  csv: string;
}

export class ListRoutersQueryDto extends PageQueryDto {}

export class KickSessionDto {
  @ApiProperty({ example: '*C0A80A08', description: "The session's RouterOS .id from the sessions list" })
  @IsString()
  @MaxLength(20)
  @Matches(/^\*[0-9A-F]{1,16}$/i, { message: 'sessionId must be a RouterOS id such as *1A' })
  sessionId: string;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IFACE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;

export class SetupKitQueryDto {
  @ApiPropertyOptional({ example: '203.0.113.5', description: "The platform's IPv4 address as the router sees it (default: ROUTER_PLATFORM_ADDRESS)" })
  @IsString()
  @MaxLength(15)
  @Matches(IPV4, { message: 'platformAddress must be an IPv4 address' })
  @IsOptional()
  platformAddress?: string;

  @ApiPropertyOptional({ example: 'ether1', default: 'ether1' })
  @IsString()
  @MaxLength(32)
  @Matches(IFACE, { message: 'wanInterface must be an interface name such as ether1' })
  @IsOptional()
  wanInterface?: string;

  @ApiPropertyOptional({ example: 'ether2,wlan1', default: 'ether2', description: 'Comma-separated access ports for the hotspot bridge' })
  @IsString()
  @MaxLength(200)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}(,[A-Za-z0-9][A-Za-z0-9._-]{0,31}){0,7}$/, { message: 'lanInterfaces must be interface names separated by commas' })
  @IsOptional()
  lanInterfaces?: string;

  @ApiPropertyOptional({ example: '10.10.0.1', default: '10.10.0.1' })
  @IsString()
  @MaxLength(15)
  @Matches(IPV4, { message: 'gatewayAddress must be an IPv4 address' })
  @IsOptional()
  gatewayAddress?: string;

  @ApiPropertyOptional({ example: 22, default: 22, minimum: 16, maximum: 29 })
  @Type(() => Number)
  @IsInt()
  @Min(16)
  @Max(29)
  @IsOptional()
  prefixLength?: number;

  @ApiPropertyOptional({ example: '1.1.1.1,8.8.8.8', default: '1.1.1.1,8.8.8.8' })
  @IsString()
  @MaxLength(64)
  @Matches(/^(\d{1,3}\.){3}\d{1,3}(,(\d{1,3}\.){3}\d{1,3}){0,3}$/, { message: 'dnsServers must be IPv4 addresses separated by commas' })
  @IsOptional()
  dnsServers?: string;
}

// ---- responses ----

export class RouterSyncCountsDto {
  @ApiProperty() pending: number;
  @ApiProperty() failed: number;
}

export class RouterDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() host: string;
  @ApiProperty() apiPort: number;
  @ApiProperty() useTls: boolean;
  @ApiProperty() username: string;
  @ApiProperty({ type: String, nullable: true }) hotspotServer: string | null;
  @ApiProperty({ type: String, nullable: true }) hotspotDnsName: string | null;
  @ApiProperty({ type: String, nullable: true }) location: string | null;
  @ApiProperty({ type: String, nullable: true }) notes: string | null;
  @ApiProperty({ enum: ROUTER_STATUSES, enumName: 'RouterStatus' }) status: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) statusChangedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastSeenAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastCheckedAt: Date | null;
  @ApiProperty({ type: String, nullable: true, description: 'Last error talking to the router' }) lastError: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Shown on the dashboard, e.g. offline for more than 5 minutes' }) alert: string | null;
  @ApiProperty({ type: String, nullable: true }) version: string | null;
  @ApiProperty({ type: String, nullable: true }) boardName: string | null;
  @ApiProperty({ type: String, nullable: true }) identity: string | null;
  @ApiProperty({ type: Number, nullable: true }) uptimeSeconds: number | null;
  @ApiProperty({ type: Number, nullable: true }) cpuLoad: number | null;
  @ApiProperty({ type: Number, nullable: true }) freeMemory: number | null;
  @ApiProperty({ type: Number, nullable: true }) totalMemory: number | null;
  @ApiProperty({ type: Number, nullable: true }) activeSessions: number | null;
  @ApiProperty({ type: RouterSyncCountsDto }) sync: RouterSyncCountsDto;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class RouterPageDto {
  @ApiProperty({ type: [RouterDto] }) items: RouterDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class ConnectionStepDto {
  @ApiProperty({ enum: CONNECTION_STEPS, enumName: 'ConnectionStepName' }) step: string;
  @ApiProperty({ enum: ['passed', 'failed', 'skipped'] }) status: 'passed' | 'failed' | 'skipped';
  @ApiProperty() durationMs: number;
  @ApiProperty({ type: String, nullable: true }) detail: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'What to do about a failure' }) hint: string | null;
}

export class ConnectionTestDto {
  @ApiProperty() ok: boolean;
  @ApiProperty({ type: [ConnectionStepDto] }) steps: ConnectionStepDto[];
  @ApiProperty({ type: String, nullable: true }) identity: string | null;
  @ApiProperty({ type: String, nullable: true }) version: string | null;
  @ApiProperty({ type: String, nullable: true }) boardName: string | null;
}

export class RouterEventDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ROUTER_EVENT_TYPES, enumName: 'RouterEventType' }) type: string;
  @ApiProperty() message: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) metadata: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class RouterEventPageDto {
  @ApiProperty({ type: [RouterEventDto] }) items: RouterEventDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class SessionDto {
  @ApiProperty({ example: '*C0A80A08' }) id: string;
  @ApiProperty() user: string;
  @ApiProperty() address: string;
  @ApiProperty({ type: String, nullable: true }) macAddress: string | null;
  @ApiProperty({ type: String, nullable: true }) loginBy: string | null;
  @ApiProperty() uptimeSeconds: number;
  @ApiProperty({ type: Number, nullable: true }) timeLeftSeconds: number | null;
  @ApiProperty() bytesIn: number;
  @ApiProperty() bytesOut: number;
}

export class InterfaceDto {
  @ApiProperty() name: string;
  @ApiProperty() type: string;
  @ApiProperty() running: boolean;
  @ApiProperty() disabled: boolean;
  @ApiProperty() rxBytes: number;
  @ApiProperty() txBytes: number;
  @ApiProperty() rxPackets: number;
  @ApiProperty() txPackets: number;
}

export class LogLineDto {
  @ApiProperty() time: string;
  @ApiProperty({ type: [String] }) topics: string[];
  @ApiProperty() message: string;
}

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

export class ImportRowErrorDto {
  @ApiProperty() row: number;
  @ApiProperty() field: string;
  @ApiProperty({ type: [String] }) messages: string[];
}

export class ImportResultDto {
  @ApiProperty() imported: number;
  @ApiProperty({ type: [RouterDto] }) routers: RouterDto[];
}

export class RetryOpsDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'One operation; all failed and waiting ones when absent' })
  @IsString()
  @MaxLength(36)
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'opId must be a UUID' })
  @IsOptional()
  opId?: string;
}
