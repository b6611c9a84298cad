import { readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { join } from 'node:path';
import { actionLabel, ACTION_LABELS, detailLines, humanise } from './audit-words';

describe('audit words', () => {
  it('says known actions as sentences', () => {
    expect(actionLabel('voucher_batch.pushed')).toBe('Pushed a voucher batch to routers');
    expect(actionLabel('customer.phone_revealed')).toBe("Showed a buyer's full phone number");
    expect(actionLabel('auth.login')).toBe('Logged in');
  });

  it('makes an unknown action readable instead of showing the key', () => {
    expect(actionLabel('router.firmware_upgraded')).toBe('Router: firmware upgraded');
    expect(actionLabel('voucher_batch.reprinted')).toBe('Voucher batch: reprinted');
    expect(actionLabel('heartbeat')).toBe('Heartbeat');
    expect(humanise('pushToRouter')).toBe('Push to router');
  });

  it('has words for every literal action the API records', () => {
    const root = join(__dirname, '../../../../..');
    const files = execSync(`grep -rlE "action: |this\\.change\\(" apps/api/src/modules --include=*.ts`, { cwd: root, encoding: 'utf8' }).trim().split('\n');
    const recorded = new Set<string>();
    for (const file of files.filter((f) => !f.endsWith('.spec.ts'))) {
      // the lines that name an audit action: `action: '…'` (also `a ? '…' : '…'`) and the vouchers' `this.change(…, 'voucher.…'`
      const lines = readFileSync(join(root, file), 'utf8')
        .split('\n')
        .filter((l) => /action: |this\.change\(/.test(l));
      for (const line of lines) for (const m of line.matchAll(/'([a-z_]+\.[a-z_]+)'/g)) recorded.add(m[1]);
    }
    expect(recorded.size).toBeGreaterThan(30);
    expect([...recorded].filter((a) => !ACTION_LABELS[a])).toEqual([]);
  });

  it('turns metadata into label: value lines without ids or empty values', () => {
    expect(
      detailLines({
        fields: ['priceMinor', 'validitySeconds'],
        planId: '0b8a6c7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d',
        reason: null,
        pushToRouter: true,
        amountMinor: 150000,
        rateBp: 1500,
        runId: 'x',
        from: 'trialing',
        to: 'active',
      }),
    ).toEqual([
      { label: 'Changed', value: 'price minor, validity seconds' },
      { label: 'From', value: 'trial' },
      { label: 'To', value: 'active' },
      { label: 'Put on routers', value: 'yes' },
      { label: 'Amount', value: 'KES 1,500' },
      { label: 'Commission', value: '15 %' },
    ]);
    // as stored in jsonb (shorter keys first), a change still reads from → to
    expect(detailLines({ to: 'active', from: 'pending' }).map((l) => l.label)).toEqual(['From', 'To']);
    expect(detailLines({ someNewThing: 3 })).toEqual([{ label: 'Some new thing', value: '3' }]);
    expect(detailLines(null)).toEqual([]);
  });
});
