import { ApiProperty } from '@nestjs/swagger';

export class TunnelOnboardingStepDto {
  @ApiProperty({ enum: ['kit', 'handshake', 'api'], description: 'kit = the setup kit was downloaded; handshake = the router dialled the platform; api = the platform logged in through the tunnel' })
  step: 'kit' | 'handshake' | 'api';
  @ApiProperty() done: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) at: Date | null;
  @ApiProperty({ type: String, nullable: true, description: 'What to do while the step is not done' }) hint: string | null;
}

/** A tunnel router's place in the WireGuard management tunnel (docs/tunnel.md). */
export class RouterTunnelDto {
  @ApiProperty({ example: '172.30.4.17', description: "The router's address inside the tunnel (the platform reaches its API there)" }) address: string;
  @ApiProperty({ example: '172.30.0.1', description: "The platform's address inside the tunnel: the only address the router's API accepts" }) hubAddress: string;
  @ApiProperty({ example: 'wg.example.com:51820', description: 'What the router dials (UDP)' }) hubEndpoint: string;
  @ApiProperty({ description: "The router's WireGuard public key (its private key is only in the setup kit)" }) publicKey: string;
  @ApiProperty({ enum: ['waiting', 'up', 'down'], description: 'waiting = no handshake yet; up = a handshake in the last 3 minutes; down = none since' }) state: 'waiting' | 'up' | 'down';
  @ApiProperty({ description: "Whether the platform's tunnel service is reporting; when false the handshake figures may be stale" }) hubReporting: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'First handshake ever' }) enrolledAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastHandshakeAt: Date | null;
  @ApiProperty({ type: String, nullable: true, example: '197.248.10.20:41023', description: "The router's public address and port as the platform sees it (behind CGNAT: the carrier's)" })
  peerEndpoint: string | null;
  @ApiProperty({ description: 'Bytes the platform received from the router through the tunnel' }) rxBytes: number;
  @ApiProperty({ description: 'Bytes the platform sent to the router through the tunnel' }) txBytes: number;
  @ApiProperty({ type: [TunnelOnboardingStepDto] }) onboarding: TunnelOnboardingStepDto[];
}
