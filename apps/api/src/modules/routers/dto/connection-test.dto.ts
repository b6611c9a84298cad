import { ApiProperty } from '@nestjs/swagger';
import { CONNECTION_STEPS } from '../gateway/router-gateway';

export class ConnectionStepDto {
  @ApiProperty({ enum: CONNECTION_STEPS, enumName: 'ConnectionStepName' }) step: string;
  @ApiProperty({ enum: ['passed', 'failed', 'skipped'] }) status: 'passed' | 'failed' | 'skipped';
  @ApiProperty() durationMs: number;
  @ApiProperty({ type: String, nullable: true }) detail: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'What to do about a failure' }) hint: string | null;
}

/** A connection test's answer, for a saved router or for a RouterConnectionDto before saving. */
export class ConnectionTestDto {
  @ApiProperty() ok: boolean;
  @ApiProperty({ type: [ConnectionStepDto] }) steps: ConnectionStepDto[];
  @ApiProperty({ type: String, nullable: true }) identity: string | null;
  @ApiProperty({ type: String, nullable: true }) version: string | null;
  @ApiProperty({ type: String, nullable: true }) boardName: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'api-ssl: SHA-256 of the certificate the router presented; compare it with `/certificate print detail` on the router. Null without TLS or when no TLS handshake happened',
  })
  tlsFingerprint: string | null;
}
