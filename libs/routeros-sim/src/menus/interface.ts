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
