import type { RouterState } from '../state/router-state';
import type { Row } from '../state/table';
import { formatDuration } from '../values';
import { crudMenu } from './crud';
import { printRows } from './print';
import type { MenuDefinition } from './types';
import { TRAP, TrapError } from './types';

function singleton(path: string, view: (s: RouterState) => Row, extra: MenuDefinition['commands'] = {}): MenuDefinition {
  return {
    path,
    commands: {
      print: { policy: 'read', handler: (req, ctx) => printRows([view(ctx.state)], req) },
      ...extra,
    },
  };
}

export const systemResource = singleton('/system/resource', (s) => ({
  uptime: formatDuration(s.uptimeSeconds()),
  version: s.profile.versionString,
  'build-time': s.profile.version === '6.49' ? 'Jun/10/2024 08:22:44' : '2025-02-24 12:49:11',
  'factory-software': '6.44.6',
  'free-memory': String(178 * 1024 * 1024),
  'total-memory': String(256 * 1024 * 1024),
  cpu: 'ARM',
  'cpu-count': '4',
  'cpu-frequency': '716',
  'cpu-load': String(2 + Math.min(90, s.hotspot.sessionCount())),
  'free-hdd-space': String(3 * 1024 * 1024),
  'total-hdd-space': String(16 * 1024 * 1024),
  'architecture-name': 'arm',
  'board-name': s.boardName,
  platform: 'MikroTik',
}));

export const systemIdentity = singleton('/system/identity', (s) => ({ name: s.identity }), {
  set: {
    policy: 'write',
    handler: (req, ctx) => {
      for (const key of req.attrs.keys()) if (key !== 'name') throw new TrapError(TRAP.unknownParameter(key));
      const name = req.attrs.get('name');
      if (name !== undefined) {
        ctx.state.identity = name;
        ctx.state.log.add('system,info', `system identity changed by ${ctx.user.name}`);
      }
      return { rows: [] };
    },
  },
});

export const systemRouterboard = singleton('/system/routerboard', (s) => ({
  routerboard: 'true',
  'board-name': s.boardName,
  model: 'RBD52G-5HacD2HnD',
  'serial-number': s.serialNumber,
  'firmware-type': 'ipq4000L',
  'factory-firmware': '6.44.6',
  'current-firmware': s.profile.versionString.split(' ')[0],
  'upgrade-firmware': s.profile.versionString.split(' ')[0],
}));

export const ipService = crudMenu({
  path: '/ip/service',
  table: (s) => s.services,
  fields: { port: { type: 'int' }, address: {}, disabled: { type: 'bool' } },
  nameField: 'name',
  readOnly: false,
  enableDisable: true,
});
// services cannot be added or removed on a real router
delete ipService.commands.add;
delete ipService.commands.remove;
