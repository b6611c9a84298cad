import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

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
