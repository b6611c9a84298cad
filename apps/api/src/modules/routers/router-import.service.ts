import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { ErrorDetail } from '../../common/errors/app-exception';
import { toErrorDetails } from '../../common/errors/validation';
import { AuditService } from '../audit';
import { RouterAddressGuard } from './address-guard';
import { parseCsv } from './csv';
import { defaultPort } from './dto/router.dto';
import { ImportResultDto, ImportRouterRowDto } from './dto/router-import.dto';
import { RouterErrorCode, RouterException } from './routers.exception';
import { RoutersRepository } from './routers.repository';
import { RoutersService } from './routers.service';

const CSV_COLUMNS = ['name', 'connectionMode', 'host', 'apiPort', 'useTls', 'username', 'password', 'hotspotServer', 'hotspotDnsName', 'location', 'notes'] as const;
const MAX_IMPORT_ROWS = 500;

/** Routers imported from a CSV file, all or nothing. */
@Injectable()
export class RouterImportService {
  constructor(
    private readonly service: RoutersService,
    private readonly routers: RoutersRepository,
    private readonly addresses: RouterAddressGuard,
    private readonly audit: AuditService,
  ) {}

  /** All or nothing: every bad row is reported (`rows[3].host`), nothing is imported unless all are good. */
  async importCsv(providerId: string, csv: string, actor: Principal, context: RequestContext): Promise<ImportResultDto> {
    const fail = (details: ErrorDetail[]) => RouterException.invalid(RouterErrorCode.ROUTER_IMPORT_INVALID, 'The CSV has errors; nothing was imported', details.slice(0, 200));
    let table: string[][];
    try {
      table = parseCsv(csv);
    } catch (err) {
      throw fail([{ field: 'csv', messages: [(err as Error).message] }]);
    }
    const [header, ...rows] = table.filter((r) => r.some((c) => c.trim() !== ''));
    if (!header) throw fail([{ field: 'csv', messages: ['the CSV is empty'] }]);
    const columns = header.map((h) => h.trim());
    const unknown = columns.filter((c) => !(CSV_COLUMNS as readonly string[]).includes(c));
    const missing = ['name', 'username', 'password'].filter((c) => !columns.includes(c));
    if (unknown.length || missing.length) {
      throw fail([
        {
          field: 'csv',
          messages: [...(missing.length ? [`missing columns: ${missing.join(', ')}`] : []), ...(unknown.length ? [`unknown columns: ${unknown.join(', ')} (allowed: ${CSV_COLUMNS.join(', ')})`] : [])],
        },
      ]);
    }
    if (rows.length === 0) throw fail([{ field: 'csv', messages: ['the CSV has no data rows'] }]);
    if (rows.length > MAX_IMPORT_ROWS) throw fail([{ field: 'csv', messages: [`at most ${MAX_IMPORT_ROWS} routers per import`] }]);

    const details: ErrorDetail[] = [];
    const dtos: ImportRouterRowDto[] = [];
    const seen = new Map<string, number>();
    for (let i = 0; i < rows.length; i++) {
      const rowNo = i + 2; // 1-based, after the header
      const cells = rows[i];
      if (cells.length !== columns.length) {
        details.push({ field: `rows[${rowNo}]`, messages: [`expected ${columns.length} cells, found ${cells.length}`] });
        continue;
      }
      const plain: Record<string, unknown> = {};
      columns.forEach((c, j) => {
        const v = cells[j];
        if (v.trim() === '' && c !== 'password') return;
        if (c === 'apiPort') plain[c] = /^\d+$/.test(v.trim()) ? Number(v.trim()) : v;
        else if (c === 'useTls') plain[c] = /^(true|yes|1)$/i.test(v.trim()) ? true : /^(false|no|0)$/i.test(v.trim()) ? false : v;
        else if (c === 'connectionMode') plain[c] = v.trim().toLowerCase();
        else plain[c] = v;
      });
      const dto = plainToInstance(ImportRouterRowDto, plain);
      const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
      for (const d of toErrorDetails(errors)) details.push({ field: `rows[${rowNo}].${d.field}`, messages: d.messages });
      if (typeof dto.name === 'string') {
        const key = dto.name.toLowerCase();
        if (seen.has(key)) details.push({ field: `rows[${rowNo}].name`, messages: [`name repeats row ${seen.get(key)}`] });
        else seen.set(key, rowNo);
      }
      dtos.push(dto);
    }
    const existing = await this.routers.findNamesForProvider(
      providerId,
      dtos.map((d) => d.name).filter((n) => typeof n === 'string'),
    );
    for (const r of existing) {
      const rowNo = seen.get(r.name.toLowerCase());
      details.push({ field: `rows[${rowNo ?? '?'}].name`, messages: ['you already have a router with this name'] });
    }
    if (details.length) throw fail(details);
    for (const [i, dto] of dtos.entries()) {
      const problem = this.service.tunnelHostProblem(dto);
      if (problem) details.push({ field: `rows[${i + 2}].host`, messages: [problem] });
      if (problem || dto.connectionMode === 'tunnel') continue;
      const refused = await this.addresses.saveProblem(dto.host!, defaultPort(dto));
      if (refused) details.push({ field: `rows[${i + 2}].${refused.field}`, messages: refused.messages });
    }
    if (details.length) throw RouterException.addressNotAllowed('Some router addresses are not allowed; nothing was imported', details.slice(0, 200));
    const created = await this.service.insertMany(providerId, dtos, actor, context);
    await this.audit.record({ action: 'router.import', actor, providerId, context, metadata: { count: created.length } });
    return { imported: created.length, routers: created.map(await this.service.views(created)) };
  }
}
