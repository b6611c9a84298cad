import type { BackupDto, RestoreDto } from './dto/router-backup.dto';
import type { RouterBackup } from './entities/router-backup.entity';
import type { RouterRestore } from './entities/router-restore.entity';

export const mapBackup = (b: RouterBackup): BackupDto => ({
  id: b.id,
  routerId: b.routerId,
  kind: b.kind,
  trigger: b.trigger,
  sizeBytes: b.sizeBytes,
  routerosVersion: b.routerosVersion,
  takenBy: b.takenByEmail,
  takenAt: b.createdAt,
});

export const mapRestore = (r: RouterRestore): RestoreDto => ({
  id: r.id,
  routerId: r.routerId,
  sourceRouterId: r.sourceRouterId,
  backupId: r.backupId,
  kind: r.kind,
  status: r.status,
  error: r.error,
  line: r.line,
  beforeBackupId: r.beforeBackupId,
  requestedBy: r.requestedByEmail,
  createdAt: r.createdAt,
  finishedAt: r.finishedAt,
});
