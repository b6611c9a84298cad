import { crudMenu } from './crud';
import type { MenuDefinition } from './types';
import { printRows } from './print';

/** `/interface`: print (with traffic counters), enable/disable. */
export const interfaces = crudMenu({
  path: '/interface',
  table: (s) => s.interfaces,
  fields: { name: {}, mtu: { type: 'int' }, comment: {}, disabled: { type: 'bool' } },
  nameField: 'name',
  enableDisable: true,
});
delete interfaces.commands.add;
delete interfaces.commands.remove;

/** `/log`: print only. */
export const log: MenuDefinition = {
  path: '/log',
  commands: {
    print: { policy: 'read', handler: (req, ctx) => printRows(ctx.state.log.table.all(), req) },
  },
};

/** `/interface/bridge`: the bridge rows of `/interface` (add, remove, print). */
export const bridges = crudMenu({
  path: '/interface/bridge',
  table: (s) => s.interfaces,
  filter: (row) => row.type === 'bridge',
  fields: { name: {}, mtu: {}, comment: {}, disabled: { type: 'bool' } },
  defaults: { type: 'bridge', mtu: 'auto', 'actual-mtu': '1500', running: 'true', disabled: 'false', 'rx-byte': '0', 'tx-byte': '0', 'rx-packet': '0', 'tx-packet': '0' },
  required: ['name'],
  unique: { field: 'name', message: 'failure: already have interface with such name' },
  nameField: 'name',
  enableDisable: true,
});

/** `/ip/pool`: address pools (the hotspot server hands addresses out of one). */
export const ipPools = crudMenu({
  path: '/ip/pool',
  table: (s) => s.pools,
  fields: { name: {}, ranges: {}, 'next-pool': {}, comment: {} },
  required: ['name', 'ranges'],
  unique: { field: 'name', message: 'failure: pool with such name already exists' },
  nameField: 'name',
});
