import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, Matches, MaxLength } from 'class-validator';

// What is read live from a router: hotspot sessions (and logging one out), interfaces, log.

export class KickSessionDto {
  @ApiProperty({ example: '*C0A80A08', description: "The session's RouterOS .id from the sessions list" })
  @IsString()
  @MaxLength(20)
  @Matches(/^\*[0-9A-F]{1,16}$/i, { message: 'sessionId must be a RouterOS id such as *1A' })
  sessionId: string;
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
  @ApiProperty({ description: 'The interface the platform reaches the router through (disabling it is refused)' }) management: boolean;
}

export class InterfaceParamDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  id: string;

  @ApiProperty({ example: 'ether2', description: "The interface's name as the router lists it" })
  @IsString()
  @MaxLength(64)
  @Matches(/^\P{Cc}+$/u, { message: 'name must be an interface name without control characters' })
  name: string;
}

export class LogLineDto {
  @ApiProperty() time: string;
  @ApiProperty({ type: [String] }) topics: string[];
  @ApiProperty() message: string;
}
