import { ApiProperty } from '@nestjs/swagger';

/** A buyer's full number, shown on request to the owner (audited as `customer.phone_revealed`). */
export class RevealedPhoneDto {
  @ApiProperty({ format: 'uuid', description: 'The buyer (the id `GET /customers` uses)' }) customerId: string;
  @ApiProperty({ example: '254700000001', description: 'Full MSISDN, as M-Pesa gave it' }) phone: string;
  @ApiProperty({ example: '0700 000 001', description: 'The same number as people dial it in Kenya' }) display: string;
  @ApiProperty({ example: 29, description: 'Reveals this user may still make in the current hour' }) remaining: number;
}
