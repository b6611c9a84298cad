import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { JobsModule } from '../jobs';
import { ProvidersModule } from '../providers';
import { RoutersModule } from '../routers';
import { RouterBackupsController } from './router-backups.controller';
import { RouterBackupsJobs } from './router-backups.jobs';
import { RouterBackupsRepository } from './router-backups.repository';
import { RouterBackupsService } from './router-backups.service';
import { RouterFilesController } from './router-files.controller';
import { RouterRestoresService } from './router-restores.service';

/**
 * Router backups, history and restore (docs/backups.md): reaches routers only through the
 * routers module's public entry (RouterBackupAccess). Exports nothing.
 */
@Module({
  imports: [AuditModule, JobsModule, ProvidersModule, RoutersModule],
  controllers: [RouterBackupsController, RouterFilesController],
  providers: [RouterBackupsRepository, RouterBackupsService, RouterRestoresService, RouterBackupsJobs],
})
export class RouterBackupsModule {}
