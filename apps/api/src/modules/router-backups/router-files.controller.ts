import { Controller, Get, Header, Param, StreamableFile } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ClientContext, Public, RequestContext } from '../../common/auth/decorators';
import { ErrorResponseDto } from '../../common/dto/error-response.dto';
import { RateLimit } from '../../common/http/rate-limit';
import { RouterFileParamsDto } from './dto/router-backup.dto';
import { RouterRestoresService } from './router-restores.service';

/**
 * What a router fetches during a restore (docs/backups.md): public by design — the router has
 * no session — and safe because the link is random, single-use and short-lived.
 */
@ApiTags('router backups')
@Public()
@Controller('router-files')
export class RouterFilesController {
  constructor(private readonly restores: RouterRestoresService) {}

  @Get(':token')
  @RateLimit({ name: 'router-files', limit: 30, windowSeconds: 60 })
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'A backup file for a router restoring it: single use, valid 10 minutes; 404 when unknown, used or expired (audited)' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'ROUTER_FILE_NOT_FOUND' })
  async file(@Param() { token }: RouterFileParamsDto, @ClientContext() context: RequestContext): Promise<StreamableFile> {
    const file = await this.restores.serveFile(token, context);
    return new StreamableFile(file.data, { type: 'application/octet-stream', disposition: `attachment; filename="${file.fileName}"`, length: file.data.length });
  }
}
