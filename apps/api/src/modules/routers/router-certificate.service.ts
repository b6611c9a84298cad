import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { inTransaction } from '../../database/transaction';
import { AuditService } from '../audit';
import { RouterDto } from './dto/router.dto';
import { RouterTargets } from './router-targets';
import { RouterErrorCode, RouterException } from './routers.exception';
import { RoutersRepository } from './routers.repository';
import { RoutersService } from './routers.service';

/**
 * A router's api-ssl certificate: the owner accepts the new certificate a reset or replaced
 * router presented (docs/router-addresses.md, "Encrypted connections"). Pinning on first use and
 * recording a changed certificate happen where the router is called (RouterTargets).
 */
@Injectable()
export class RouterCertificateService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly routers: RoutersRepository,
    private readonly service: RoutersService,
    private readonly targets: RouterTargets,
    private readonly audit: AuditService,
  ) {}

  /** `fingerprint` must be the pending one (the owner compared it with the router's own): it becomes the pin. */
  async accept(providerId: string, id: string, fingerprint: string, actor: Principal, context: RequestContext): Promise<RouterDto> {
    await inTransaction(this.dataSource, async (manager) => {
      const router = await this.routers.lockForProvider(manager, providerId, id);
      if (!router) throw RouterException.notFound();
      if (!router.useTls || !router.tlsFingerprintPending)
        throw new RouterException(RouterErrorCode.ROUTER_CERTIFICATE_NOT_PENDING, 'This router has not presented a new certificate; nothing to accept');
      if (router.tlsFingerprintPending !== fingerprint) {
        throw new RouterException(RouterErrorCode.ROUTER_CERTIFICATE_MISMATCH, 'That is not the certificate the router presented; nothing was changed', [
          { field: 'fingerprint', messages: ['fingerprint must be the pending certificate shown on the router page'] },
        ]);
      }
      await this.routers.acceptCertificate(manager, id, fingerprint);
      await this.routers.addEvent(
        { providerId, routerId: id, type: 'certificate_accepted', message: `New certificate accepted (SHA-256 ${fingerprint}); the platform logs in with it from now on`, metadata: { fingerprint } },
        manager,
      );
      await this.audit.record(
        {
          action: 'router.certificate_accepted',
          actor,
          providerId,
          target: { type: 'router', id },
          context,
          metadata: { name: router.name, previousFingerprint: router.tlsFingerprint, fingerprint },
        },
        manager,
      );
    });
    // the connection that backs off under the old pin goes; the next call connects with the new one
    await this.targets.gateway.forget(id);
    return this.service.get(providerId, id);
  }
}
