import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { IsText } from '../../../common/validation/decorators';
import type { Provider } from '../entities/provider.entity';

/** Logos are small raster images; SVG is refused (it can carry script). */
export const LOGO_MAX_BYTES = 24 * 1024;
const LOGO_DATA_URL = /^data:image\/(png|jpeg|webp|gif);base64,([A-Za-z0-9+/]+={0,2})$/;
const LOGO_MAX_CHARS = 'data:image/jpeg;base64,'.length + Math.ceil(LOGO_MAX_BYTES / 3) * 4;

/** The decoded logo (type + bytes) when the data URL is well formed and small enough, else null. */
export function decodeLogo(dataUrl: string): { contentType: string; bytes: Buffer } | null {
  const m = LOGO_DATA_URL.exec(dataUrl);
  if (!m) return null;
  const bytes = Buffer.from(m[2], 'base64');
  if (bytes.length === 0 || bytes.length > LOGO_MAX_BYTES) return null;
  const magic: Record<string, (b: Buffer) => boolean> = {
    png: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
    jpeg: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
    webp: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
    gif: (b) => /^GIF8[79]a$/.test(b.subarray(0, 6).toString('latin1')),
  };
  return magic[m[1]](bytes) ? { contentType: `image/${m[1]}`, bytes } : null;
}

export class BrandingDto {
  @ApiProperty({ description: 'Name shown on the portal and vouchers (the business name unless set)', example: 'Mama Njeri WiFi' })
  name: string;

  @ApiProperty({ type: String, nullable: true, description: 'Only when set by the provider (null = the business name is used)' })
  brandName: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'data:image/…;base64 URL' })
  logoDataUrl: string | null;

  @ApiProperty({ type: String, nullable: true, example: '#0B6E4F' })
  accentColor: string | null;
}

export class UpdateBrandingDto {
  @ApiPropertyOptional({ type: String, nullable: true, description: 'null or "" clears it (the business name is shown)' })
  @ValidateIf((_, v) => v !== null && v !== '')
  @IsText(2, 60)
  @IsOptional()
  brandName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: `PNG, JPEG, WebP or GIF as a data URL, at most ${LOGO_MAX_BYTES / 1024} KB; null clears it` })
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(LOGO_MAX_CHARS, { message: `logoDataUrl must be an image of at most ${LOGO_MAX_BYTES / 1024} KB` })
  @Matches(LOGO_DATA_URL, { message: 'logoDataUrl must be a data:image/png|jpeg|webp|gif;base64 URL' })
  @IsOptional()
  logoDataUrl?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '#0B6E4F' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @ValidateIf((_, v) => v !== null)
  @Matches(/^#[0-9A-F]{6}$/, { message: 'accentColor must be a colour like #0B6E4F' })
  @IsOptional()
  accentColor?: string | null;
}

export function mapBranding(p: Pick<Provider, 'businessName' | 'brandName' | 'logoDataUrl' | 'accentColor'>): BrandingDto {
  return { name: p.brandName ?? p.businessName, brandName: p.brandName, logoDataUrl: p.logoDataUrl, accentColor: p.accentColor };
}
