import type { RouterState } from '../state/router-state';
import { Table } from '../state/table';
import { crudMenu } from './crud';

// `/ip/address`: which interface holds which address. Kept beside the router state (one table per
// simulated router, made on first use) so the menu stays self-contained.

const tables = new WeakMap<RouterState, Table>();

/**
 * The simulated router's `/ip/address` table. Seeded like a hotspot router: the WAN (ether1) holds
 * the address the simulator listens on (loopback, where the platform reaches it) and the hotspot
 * bridge holds the hotspot gateway address.
 */
export function ipAddresses(state: RouterState): Table {
  let table = tables.get(state);
  if (!table) {
    table = new Table(1);
    table.add({ address: '127.0.0.1/8', network: '127.0.0.0', interface: 'ether1', 'actual-interface': 'ether1', invalid: 'false', dynamic: 'false', disabled: 'false', comment: 'WAN' });
    table.add({
      address: '10.5.50.1/24',
      network: '10.5.50.0',
      interface: 'bridge-hotspot',
      'actual-interface': 'bridge-hotspot',
      invalid: 'false',
      dynamic: 'false',
      disabled: 'false',
      comment: 'hotspot network',
    });
    tables.set(state, table);
  }
  return table;
}

/** `/ip/address`: print, add, set, remove, enable/disable. */
export const ipAddress = crudMenu({
  path: '/ip/address',
  table: ipAddresses,
  fields: { address: {}, network: {}, interface: {}, comment: {}, disabled: { type: 'bool' } },
  defaults: { invalid: 'false', dynamic: 'false', disabled: 'false' },
  required: ['address', 'interface'],
  view: (row) => ({ ...row, 'actual-interface': row.interface }),
  enableDisable: true,
});
