import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Matches } from 'class-validator';

/** SHA-256 as Node and RouterOS print it: 32 hex pairs separated by colons. */
const FINGERPRINT_RE = /^[0-9A-F]{2}(:[0-9A-F]{2}){31}$/;

export class AcceptCertificateDto {
  @ApiProperty({
    example: '3A:1F:…:9C',
    description: "SHA-256 of the router's new api-ssl certificate, as shown on the router page (the pending one); compare it with `/certificate print detail` on the router first",
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsString()
  @Matches(FINGERPRINT_RE, { message: 'fingerprint must be a SHA-256 fingerprint: 32 hex pairs separated by colons' })
  fingerprint: string;
}
