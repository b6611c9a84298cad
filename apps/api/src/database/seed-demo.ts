import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import type { Principal } from '../common/auth/principal';
import { UsersService } from '../modules/auth/users.service';
import { ProvidersService } from '../modules/providers/providers.service';
import { seedDemoVouchers } from '../modules/vouchers/demo/seed-demo-vouchers';
import { PlatformPlansService } from '../modules/subscriptions/platform-plans.service';
import type { Sandbox } from '@wavu/sandbox';
import { seedDemoRouter } from '../modules/routers/demo/seed-demo-router';
import { seedDemoTunnelRouter } from '../modules/routers/demo/seed-demo-tunnel';
import { StatementsService } from '../modules/payments/statements.service';

/** Obviously fake demo accounts (the .test TLD and 0700 000 xxx numbers are not real). */
export const DEMO = {
  admin: { email: 'admin@wavu.test', password: 'demo-admin-pass', name: 'Demo Super Admin' },
  owner: { email: 'owner@demo-hotspot.test', password: 'demo-owner-pass', name: 'Demo Owner', business: 'Demo Hotspot Kawangware', phone: '0700000001' },
  pending: { email: 'owner@pending-hotspot.test', password: 'demo-pending-pass', name: 'Pending Owner', business: 'Pending Hotspot Kibera', phone: '0700000002' },
  /** the platform organisation's nominated M-Pesa number (Pull Transactions registration) */
  platformNominatedNumber: '0700000009',
} as const;

const SEED_CONTEXT = { ip: null, userAgent: 'wavu-demo-seed' };

/** Creates the demo super admin, an approved demo provider and a pending one; idempotent. */
export async function seedDemo(app: INestApplication, sandbox?: Sandbox): Promise<void> {
  const logger = new Logger('DemoSeed');
  const users = app.get(UsersService);
  const providers = app.get(ProvidersService);

  let admin = await users.findByEmail(DEMO.admin.email);
  if (!admin) {
    admin = await users.create({ email: DEMO.admin.email, name: DEMO.admin.name, password: DEMO.admin.password, role: 'super_admin', providerId: null });
    logger.log(`Seeded super admin ${DEMO.admin.email}`);
  }
  const actor: Principal = { kind: 'user', userId: admin.id, apiKeyId: null, email: admin.email, role: 'super_admin', providerId: null, scope: 'full' };

  if (!(await users.findByEmail(DEMO.owner.email))) {
    const provider = await providers.register(
      { businessName: DEMO.owner.business, contactName: DEMO.owner.name, contactEmail: DEMO.owner.email, phone: '254700000001', password: DEMO.owner.password, type: 'isp' },
      SEED_CONTEXT,
    );
    if (provider.status === 'pending') await providers.transition(provider.id, 'approve', actor, SEED_CONTEXT);
    await providers.updateProfile(provider.id, { location: 'Kawangware, Nairobi' }, actor, SEED_CONTEXT);
    logger.log(`Seeded approved provider ${DEMO.owner.business}`);
  }
  if (!(await users.findByEmail(DEMO.pending.email))) {
    await providers.signup(
      { businessName: DEMO.pending.business, contactName: DEMO.pending.name, contactEmail: DEMO.pending.email, phone: '254700000002', password: DEMO.pending.password, type: 'homeowner' },
      SEED_CONTEXT,
    );
    logger.log(`Seeded pending provider ${DEMO.pending.business}`);
  }
  // platform plans, so the demo provider (on its trial) can pay through the simulated Pesapal page
  const platformPlans = app.get(PlatformPlansService);
  if ((await platformPlans.listPlans(false)).length === 0) {
    await platformPlans.createPlan(
      {
        name: 'Starter',
        priceMinor: 150_000,
        period: 'monthly',
        maxRouters: 1,
        maxVouchersPerMonth: 2_000,
        maxSmsPerMonth: 500,
        features: ['1 router', '2,000 vouchers a month', '500 SMS a month', 'M-Pesa payments'],
      },
      actor,
      SEED_CONTEXT,
    );
    await platformPlans.createPlan(
      {
        name: 'Pro',
        priceMinor: 350_000,
        period: 'monthly',
        maxRouters: 5,
        maxVouchersPerMonth: null,
        maxSmsPerMonth: 5_000,
        features: ['5 routers', 'Unlimited vouchers', '5,000 SMS a month', 'Priority support'],
      },
      actor,
      SEED_CONTEXT,
    );
    await platformPlans.createPlan(
      {
        name: 'Pro yearly',
        priceMinor: 3_500_000,
        period: 'yearly',
        maxRouters: 5,
        maxVouchersPerMonth: null,
        maxSmsPerMonth: 5_000,
        features: ['5 routers', 'Unlimited vouchers', '5,000 SMS a month', 'Two months free'],
      },
      actor,
      SEED_CONTEXT,
    );
    logger.log('Seeded platform plans');
  }
  // the platform shortcode's statement is pulled from the simulated Daraja (Pull Transactions), as production would after registering
  if (sandbox?.daraja) {
    const statements = app.get(StatementsService, { strict: false });
    if (!(await statements.listSources()).some((s) => s.scope === 'platform')) {
      await statements.registerPull({ providerId: null }, DEMO.platformNominatedNumber, actor, SEED_CONTEXT);
      logger.log('Registered the platform shortcode for Pull Transactions');
    }
  }
  const demoOwner = await users.findByEmail(DEMO.owner.email);
  if (sandbox && demoOwner?.providerId) await seedDemoRouter(app, demoOwner.providerId, sandbox);
  if (demoOwner?.providerId) await seedDemoVouchers(app, demoOwner.providerId, demoOwner.id, demoOwner.email);
  // after the vouchers: its printed batch goes to the simulated router only (the tunnel router never comes up in demo mode)
  if (sandbox && demoOwner?.providerId) await seedDemoTunnelRouter(app, demoOwner.providerId);
}
