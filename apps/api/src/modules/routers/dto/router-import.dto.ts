import { ApiProperty, IntersectionType, PickType } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { NewRouterFieldsDto, RouterConnectionDto, RouterDto } from './router.dto';

export class ImportRoutersDto {
  @ApiProperty({
    description:
      'CSV text with a header row: name,connectionMode,host,apiPort,useTls,username,password,hotspotServer,hotspotDnsName,location,notes (name, username, password required; host required unless connectionMode is tunnel). connectionMode: direct (default) or tunnel (no public IP: the host cell stays empty, the platform assigns a tunnel address). useTls (yes/no) defaults to yes (api-ssl, port 8729) for direct rows and no (plaintext inside the tunnel, port 8728) for tunnel rows; a direct row on port 8728 (the plaintext API) must say useTls no',
    maxLength: 90000,
  })
  @IsString()
  @MaxLength(90000)
  csv: string;
}

/** One row of a CSV import: credentials stay required there (the file brings its own, as before). */
export class ImportRouterRowDto extends IntersectionType(NewRouterFieldsDto, PickType(RouterConnectionDto, ['username', 'password'] as const)) {}

export class ImportResultDto {
  @ApiProperty() imported: number;
  @ApiProperty({ type: [RouterDto] }) routers: RouterDto[];
}
