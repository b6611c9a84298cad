import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import type { Principal } from '../../../common/auth/principal';
import type { CreatePlanDto } from '../../plans';
import { PlansService } from '../../plans';
import { RoutersService } from '../../routers';
import { VoucherBatchesService } from '../voucher-batches.service';

const CONTEXT = { ip: null, userAgent: 'wavu-demo-seed' };

/** The demo provider's plans (1 hour KES 20, 1 day KES 50, 1 week KES 250, 1 GB KES 100). */
const DEMO_PLANS: CreatePlanDto[] = [
  { name: '1 hour', price: 20, kind: 'time', uptimeLimitSeconds: 3600, validitySeconds: 86400, validityFrom: 'first_login', downloadRate: '3M', uploadRate: '1M', sortOrder: 1 },
  { name: '1 day', price: 50, kind: 'unlimited', validitySeconds: 86400, validityFrom: 'first_login', downloadRate: '5M', uploadRate: '2M', sortOrder: 2 },
  { name: '1 week', price: 250, kind: 'unlimited', validitySeconds: 7 * 86400, validityFrom: 'first_login', downloadRate: '5M', uploadRate: '2M', sharedUsers: 2, sortOrder: 3 },
  { name: '1 GB', price: 100, kind: 'data', dataLimitBytes: 1024 ** 3, validitySeconds: 30 * 86400, validityFrom: 'purchase', downloadRate: '10M', uploadRate: '3M', sortOrder: 4 },
];

/** Demo plans and one printed batch (24 "1 day" cards, on the demo router when there is one); idempotent. */
export async function seedDemoVouchers(app: INestApplication, providerId: string, ownerUserId: string, ownerEmail: string): Promise<void> {
  const plans = app.get(PlansService);
  if ((await plans.list(providerId, {})).length > 0) return;
  const actor: Principal = { kind: 'user', userId: ownerUserId, apiKeyId: null, email: ownerEmail, role: 'provider_owner', providerId, scope: 'full' };
  const created = [];
  for (const dto of DEMO_PLANS) created.push(await plans.create(providerId, dto, actor, CONTEXT));
  const hasRouter = (await app.get(RoutersService).listRouters(providerId)).length > 0;
  await app.get(VoucherBatchesService).create(providerId, { planId: created[1].id, quantity: 24, pushToRouter: hasRouter, label: 'Demo printed batch' }, actor, CONTEXT, { wait: true });
  new Logger('DemoSeed').log(`Seeded ${created.length} demo plans and a printed batch of 24 vouchers`);
}
