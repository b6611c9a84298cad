import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateBy, ValidateIf } from 'class-validator';
import { isIPv6 } from 'node:net';
import { PageQueryDto } from '../../../common/pagination/page';
import { IsText } from '../../../common/validation/decorators';
import { CONNECTION_MODES, ConnectionMode, ROUTER_STATUSES, RouterStatus } from '../entities/router.entity';
import { RouterTunnelDto } from './router-tunnel.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** host name or IPv4 address */
const HOST_RE = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
/** RouterOS names we put into scripts and commands: printable ASCII without quotes or backslashes */
const ROUTEROS_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9 ._@+-]{0,63}$/;
/** a router's host: a host name, an IPv4 address, or an IPv6 address (brackets allowed); the address guard decides whether it may be used */
const isRouterHost = (value: unknown): boolean => typeof value === 'string' && (HOST_RE.test(value) || isIPv6(value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value));
const RouterHost = () => ValidateBy({ name: 'isRouterHost', validator: { validate: isRouterHost, defaultMessage: () => 'host must be a host name, an IPv4 or an IPv6 address' } });
const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;

/** RouterOS' API services: `api` (plaintext) and `api-ssl` (TLS). */
const PLAIN_API_PORT = 8728;
const API_SSL_PORT = 8729;
const PLAINTEXT_BY_CHOICE = 'port 8728 is the plaintext API: send useTls false to choose it, or use 8729 with api-ssl';

/** Port 8728 and useTls: plaintext only by explicit choice (port 8728 with useTls not false is refused). */
export const plaintextProblem = (apiPort: number | undefined, useTls: boolean | undefined): string | null => (apiPort === PLAIN_API_PORT && useTls !== false ? PLAINTEXT_BY_CHOICE : null);

const isTunnel = (dto: unknown): boolean => (dto as { connectionMode?: unknown } | undefined)?.connectionMode === 'tunnel';

/**
 * `useTls`: optional boolean, but an address on port 8728 (the plaintext API) must say
 * `useTls: false` itself, so no router goes plaintext by accident (docs/router-addresses.md).
 */
const UseTlsChoice = () =>
  ValidateBy({
    name: 'useTlsChoice',
    validator: {
      validate: (value: unknown, args) => (value === undefined || typeof value === 'boolean') && (isTunnel(args?.object) || !plaintextProblem((args?.object as RouterAddressDto).apiPort, value)),
      defaultMessage: (args) => (args?.value === undefined || typeof args?.value === 'boolean' ? PLAINTEXT_BY_CHOICE : 'useTls must be a boolean value'),
    },
  });

/** The API port and encryption: shared by create and "test before saving" (each declares host its own way). */
class RouterAddressDto {
  @ApiPropertyOptional({
    example: API_SSL_PORT,
    default: API_SSL_PORT,
    description: '8729 (api-ssl, the default; 8728 when useTls is false). 8728 is the plaintext API: it needs useTls false. Other ports only where the operator allows them',
  })
  @IsInt()
  @Min(1)
  @Max(65535)
  @IsOptional()
  apiPort?: number;

  @ApiPropertyOptional({
    default: true,
    description:
      "Encrypted API (api-ssl, TLS), the default: the router's certificate is recorded at the first login and required afterwards. false = the plaintext API, where the password crosses the network readable: only by explicit choice, e.g. inside a tunnel",
  })
  @UseTlsChoice()
  useTls?: boolean;
}

/**
 * Whether an address uses api-ssl: yes unless plaintext was chosen explicitly. Inside the tunnel
 * (already encrypted by WireGuard) the plaintext API is the default (docs/tunnel.md).
 */
export const usesTls = (dto: { useTls?: boolean; connectionMode?: ConnectionMode }): boolean => (dto.connectionMode === 'tunnel' ? dto.useTls === true : dto.useTls !== false);

/** The API port of an address: the one given, else the service's default (8729 api-ssl, 8728 plaintext api). */
export const defaultPort = (dto: { apiPort?: number; useTls?: boolean; connectionMode?: ConnectionMode }): number => dto.apiPort ?? (usesTls(dto) ? API_SSL_PORT : PLAIN_API_PORT);

/** The user name the setup kit creates on the router when the owner does not bring one. */
export const DEFAULT_ROUTER_API_USER = 'wavu-api';

/** The connection part of "test before saving": the owner's own credentials. */
export class RouterConnectionDto extends RouterAddressDto {
  @ApiProperty({ example: '192.0.2.10', description: 'Host name, IPv4 or IPv6 address of the router API (a public address unless the operator allows others)' })
  @Transform(trim)
  @IsString()
  @MaxLength(253)
  @RouterHost()
  host: string;

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
  @ApiPropertyOptional({
    enum: CONNECTION_MODES,
    enumName: 'ConnectionMode',
    default: 'direct',
    description:
      "direct = the platform connects to host; tunnel = the router has no public IP (NAT, CGNAT): its setup kit makes it dial the platform's WireGuard tunnel (RouterOS 7) and the platform reaches it at a tunnel address it assigns. Tunnel routers use the plaintext API (port 8728) inside the tunnel unless useTls is true",
  })
  @IsIn(CONNECTION_MODES)
  @IsOptional()
  connectionMode?: ConnectionMode;

  @ApiPropertyOptional({
    example: '192.0.2.10',
    description:
      'Host name, IPv4 or IPv6 address the platform reaches the router API at: a public address (internal ones answer ROUTER_ADDRESS_NOT_ALLOWED unless the operator allows them). Required for direct routers; left out for tunnel routers (the platform assigns their address)',
  })
  @Transform(trim)
  @ValidateIf((dto: NewRouterFieldsDto) => !isTunnel(dto) || dto.host !== undefined)
  @IsString()
  @MaxLength(253)
  @RouterHost()
  host?: string;

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

export class UpdateRouterDto {
  @ApiPropertyOptional({
    enum: CONNECTION_MODES,
    enumName: 'ConnectionMode',
    description:
      'Switch how the platform reaches the router (audited). To tunnel: the router gets a tunnel address and key (import its new setup kit); the plaintext API on 8728 unless apiPort/useTls say otherwise. To direct: host is required; api-ssl on 8729 unless apiPort/useTls say otherwise',
  })
  @IsIn(CONNECTION_MODES)
  @IsOptional()
  connectionMode?: ConnectionMode;

  @ApiPropertyOptional()
  @IsText(2, 80)
  @Matches(PRINTABLE_ASCII, { message: 'name must be printable ASCII' })
  @IsOptional()
  name?: string;

  @ApiPropertyOptional({ description: "Direct routers only (a tunnel router's address is assigned by the platform)" })
  @Transform(trim)
  @IsString()
  @MaxLength(253)
  @RouterHost()
  @IsOptional()
  host?: string;

  @ApiPropertyOptional({ description: '8729 for api-ssl; 8728 (the plaintext API) only together with useTls false, given now or already saved' })
  @IsInt()
  @Min(1)
  @Max(65535)
  @IsOptional()
  apiPort?: number;

  @ApiPropertyOptional({ description: 'true = api-ssl (TLS); false = the plaintext API (the password crosses the network readable). Changing it is audited' })
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

  @ApiPropertyOptional({ description: 'empty string clears it' })
  @Transform(trim)
  @IsString()
  @MaxLength(64)
  @Matches(ROUTEROS_NAME_RE, { message: 'hotspotServer may use letters, digits, space and . _ @ + -' })
  @ValidateIf((_, v) => v !== undefined && v !== null && v !== '')
  hotspotServer?: string;

  @ApiPropertyOptional({ description: 'empty string clears it' })
  @Transform(trim)
  @IsString()
  @MaxLength(253)
  @Matches(HOST_RE, { message: 'hotspotDnsName must be a host name' })
  @ValidateIf((_, v) => v !== undefined && v !== null && v !== '')
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

const ROUTER_SORTS = ['name', 'status', 'lastSeen'] as const;
export type RouterSort = (typeof ROUTER_SORTS)[number];
const SORT_ORDERS = ['asc', 'desc'] as const;
const ROUTER_SYNC_FILTERS = ['pending', 'failed', 'behind', 'up_to_date'] as const;
export type RouterSyncFilter = (typeof ROUTER_SYNC_FILTERS)[number];

/** The fleet view: search, filters and sort of `GET /routers` (docs/fleet-view.md). */
export class ListRoutersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Part of the name, host (address) or location, any case; trimmed', maxLength: 100 })
  @IsText(1, 100)
  @IsOptional()
  search?: string;

  @ApiPropertyOptional({ enum: ROUTER_STATUSES, enumName: 'RouterStatus' })
  @IsIn(ROUTER_STATUSES)
  @IsOptional()
  status?: RouterStatus;

  @ApiPropertyOptional({ enum: CONNECTION_MODES, enumName: 'ConnectionMode' })
  @IsIn(CONNECTION_MODES)
  @IsOptional()
  connectionMode?: ConnectionMode;

  @ApiPropertyOptional({
    enum: ROUTER_SYNC_FILTERS,
    enumName: 'RouterSyncFilter',
    description: 'Provisioning backlog: pending = changes waiting to be applied (sync.pending > 0); failed = changes that gave up (sync.failed > 0); behind = either; up_to_date = neither',
  })
  @IsIn(ROUTER_SYNC_FILTERS)
  @IsOptional()
  sync?: RouterSyncFilter;

  @ApiPropertyOptional({
    enum: ROUTER_SORTS,
    enumName: 'RouterSort',
    default: 'name',
    description: 'name: A–Z ignoring case; status: error, offline, online, unknown (A–Z); lastSeen: when the platform last reached the router, never-seen routers counting as oldest. Ties break on id',
  })
  @IsIn(ROUTER_SORTS)
  @IsOptional()
  sort?: RouterSort;

  @ApiPropertyOptional({ enum: SORT_ORDERS, enumName: 'SortOrder', description: 'Default: asc for name and status, desc (most recent first) for lastSeen' })
  @IsIn(SORT_ORDERS)
  @IsOptional()
  order?: (typeof SORT_ORDERS)[number];
}

// ---- responses ----

export class RouterSyncCountsDto {
  @ApiProperty() pending: number;
  @ApiProperty() failed: number;
}

/** A router's api-ssl certificate as the platform knows it (docs/router-addresses.md, "Encrypted connections"). */
export class RouterTlsDto {
  @ApiProperty({ type: String, nullable: true, example: 'AB:CD:…', description: 'SHA-256 of the certificate recorded at the first login; null until then' }) fingerprint: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'SHA-256 of a different certificate the router presented; the platform does not log in until the owner accepts it' })
  pendingFingerprint: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the pending certificate was first presented' }) pendingSince: Date | null;
}

export class RouterDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: "direct: the address the owner gave; tunnel: the router's tunnel address" }) host: string;
  @ApiProperty({ enum: CONNECTION_MODES, enumName: 'ConnectionMode' }) connectionMode: ConnectionMode;
  @ApiProperty({ type: () => RouterTunnelDto, nullable: true, description: 'Tunnel routers: address, handshake, traffic and onboarding steps; null for direct routers' })
  tunnel: RouterTunnelDto | null;
  @ApiProperty() apiPort: number;
  @ApiProperty({ description: 'api-ssl (TLS); false = the plaintext API' }) useTls: boolean;
  @ApiProperty({ type: () => RouterTlsDto, nullable: true, description: "api-ssl: the router's recorded and pending certificates; null for the plaintext API" }) tls: RouterTlsDto | null;
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
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor with the same search, filters and sort for the next page; null on the last page' }) nextCursor: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor (same search, filters and sort) for the page before; null on the first page' }) prevCursor: string | null;
  @ApiProperty({ description: 'Routers matching the search and filters, over all pages' }) total: number;
}
