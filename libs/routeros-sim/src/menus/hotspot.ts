import { crudMenu, resolveIds } from './crud';
import type { MenuDefinition } from './types';
import { TRAP, TrapError } from './types';

const counters = { uptime: '0s', 'bytes-in': '0', 'bytes-out': '0', 'packets-in': '0', 'packets-out': '0' };

/** `/ip/hotspot/user` (docs/routeros.md §3.1). */
export const hotspotUsers = crudMenu({
  path: '/ip/hotspot/user',
  table: (s) => s.hotspot.users,
  fields: {
    name: {},
    password: { sensitive: true },
    profile: { type: 'ref', ref: (s) => s.hotspot.userProfiles },
    server: {},
    'limit-uptime': { type: 'duration' },
    'limit-bytes-in': { type: 'bytes' },
    'limit-bytes-out': { type: 'bytes' },
    'limit-bytes-total': { type: 'bytes' },
    'mac-address': {},
    address: {},
    routes: {},
    email: {},
    comment: {},
    disabled: { type: 'bool' },
  },
  defaults: { profile: 'default', ...counters, dynamic: 'false', disabled: 'false' },
  required: ['name'],
  unique: { field: 'name', message: TRAP.duplicateHotspotUser },
  nameField: 'name',
  enableDisable: true,
  extra: {
    'reset-counters': {
      policy: 'write',
      handler: (req, ctx) => {
        for (const id of resolveIds({ table: (s) => s.hotspot.users, nameField: 'name' }, req, ctx.state)) ctx.state.hotspot.resetCounters(id);
        return { rows: [] };
      },
    },
  },
});

/** `/ip/hotspot/user/profile` (docs/routeros.md §3.2). */
export const hotspotUserProfiles = crudMenu({
  path: '/ip/hotspot/user/profile',
  table: (s) => s.hotspot.userProfiles,
  fields: {
    name: {},
    'rate-limit': {},
    'shared-users': { type: 'int' },
    'session-timeout': { type: 'duration' },
    'idle-timeout': { type: 'duration-or-none' },
    'keepalive-timeout': { type: 'duration-or-none' },
    'status-autorefresh': { type: 'duration' },
    'mac-cookie-timeout': { type: 'duration' },
    'add-mac-cookie': { type: 'bool' },
    'address-pool': {},
    'address-list': {},
    'transparent-proxy': { type: 'bool' },
    'open-status-page': {},
    'incoming-filter': {},
    'outgoing-filter': {},
    'parent-queue': {},
    'queue-type': {},
    'on-login': {},
    'on-logout': {},
    comment: {},
  },
  defaults: {
    'idle-timeout': 'none',
    'keepalive-timeout': '2m',
    'status-autorefresh': '1m',
    'shared-users': '1',
    'add-mac-cookie': 'true',
    'mac-cookie-timeout': '3d',
    'address-list': '',
    'transparent-proxy': 'false',
    default: 'false',
  },
  required: ['name'],
  unique: { field: 'name', message: 'failure: profile with the same name already exists' },
  nameField: 'name',
});

/** `/ip/hotspot/active` (docs/routeros.md §3.3): print, remove (= kick, "admin reset"), login (§3.4). */
export const hotspotActive: MenuDefinition = (() => {
  const menu = crudMenu({
    path: '/ip/hotspot/active',
    table: (s) => s.hotspot.active,
    fields: {},
    readOnly: true,
    removable: true,
    view: (row, s) => s.hotspot.activeView(row),
    onRemove: (row, s) => {
      s.hotspot.logout(row['.id'], 'admin reset');
    },
  });
  menu.commands.login = {
    policy: 'write',
    handler: (req, ctx) => {
      for (const key of req.attrs.keys()) {
        if (!['user', 'password', 'ip', 'mac-address', 'domain'].includes(key)) throw new TrapError(TRAP.unknownParameter(key));
      }
      const user = req.attrs.get('user');
      const ip = req.attrs.get('ip');
      if (!user) throw new TrapError(TRAP.missingValue('user'), 1);
      if (!ip) throw new TrapError(TRAP.missingValue('ip'), 1);
      const result = ctx.state.hotspot.login({ user, password: req.attrs.get('password') ?? '', ip, mac: req.attrs.get('mac-address'), loginBy: 'api' }, true);
      if (!result.ok) throw new TrapError(result.error);
      return { rows: [] };
    },
  };
  return menu;
})();

export const hotspotHosts = crudMenu({ path: '/ip/hotspot/host', table: (s) => s.hotspot.hosts, fields: {}, readOnly: true, removable: true });
export const hotspotCookies = crudMenu({ path: '/ip/hotspot/cookie', table: (s) => s.hotspot.cookies, fields: {}, readOnly: true, removable: true });

export const hotspotServers = crudMenu({
  path: '/ip/hotspot',
  table: (s) => s.hotspot.servers,
  fields: {
    name: {},
    interface: {},
    'address-pool': {},
    profile: { type: 'ref', ref: (s) => s.hotspot.serverProfiles },
    'idle-timeout': { type: 'duration-or-none' },
    'keepalive-timeout': { type: 'duration-or-none' },
    'login-timeout': { type: 'duration-or-none' },
    'addresses-per-mac': {},
    disabled: { type: 'bool' },
  },
  defaults: { 'address-pool': 'none', profile: 'default', 'idle-timeout': '5m', 'keepalive-timeout': 'none', 'addresses-per-mac': '2', disabled: 'false', invalid: 'false' },
  required: ['name', 'interface'],
  unique: { field: 'name', message: 'failure: server with the same name already exists' },
  nameField: 'name',
  enableDisable: true,
});

export const hotspotServerProfiles = crudMenu({
  path: '/ip/hotspot/profile',
  table: (s) => s.hotspot.serverProfiles,
  fields: {
    name: {},
    'hotspot-address': {},
    'dns-name': {},
    'html-directory': {},
    'html-directory-override': {},
    'login-by': {},
    'http-cookie-lifetime': { type: 'duration' },
    'https-redirect': { type: 'bool' },
    'ssl-certificate': {},
    'use-radius': { type: 'bool' },
    'trial-uptime-limit': { type: 'duration' },
    'trial-uptime-reset': { type: 'duration' },
  },
  defaults: { 'html-directory': 'hotspot', 'login-by': 'cookie,http-chap', 'http-cookie-lifetime': '3d', default: 'false' },
  required: ['name'],
  unique: { field: 'name', message: 'failure: profile with the same name already exists' },
  nameField: 'name',
});

export const walledGarden = crudMenu({
  path: '/ip/hotspot/walled-garden',
  table: (s) => s.hotspot.walledGarden,
  fields: { action: {}, 'dst-host': {}, 'dst-port': {}, path: {}, method: {}, server: {}, 'src-address': {}, comment: {}, disabled: { type: 'bool' } },
  defaults: { action: 'allow', disabled: 'false', dynamic: 'false' },
  enableDisable: true,
});

export const walledGardenIp = crudMenu({
  path: '/ip/hotspot/walled-garden/ip',
  table: (s) => s.hotspot.walledGardenIp,
  fields: { action: {}, 'dst-address': {}, 'dst-address-list': {}, 'dst-host': {}, 'dst-port': {}, protocol: {}, 'src-address': {}, server: {}, comment: {}, disabled: { type: 'bool' } },
  defaults: { action: 'accept', disabled: 'false', dynamic: 'false' },
  enableDisable: true,
});
