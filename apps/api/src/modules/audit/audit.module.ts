import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs';
import { AuditJobs } from './audit.jobs';
import { AuditController } from './audit.controller';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

/** Super-admin concerns: the audit log (and, later, analytics and system health). */
@Module({
  imports: [JobsModule],
  controllers: [AuditController],
  providers: [AuditRepository, AuditService, AuditJobs],
  exports: [AuditService],
})
export class AuditModule {}
