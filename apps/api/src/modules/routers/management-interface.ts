import type { ConnectionMode } from './entities/router.entity';
import type { RouterIpAddress } from './gateway/router-gateway';
import { TUNNEL_INTERFACE } from './setup-kit/rsc';

/** The interface the platform reaches a router through, or why Wavu cannot tell (docs/routers.md, "Interfaces"). */
export type ManagementInterface = { name: string; reason: string } | { name: null; reason: string };

/**
 * Which interface carries the platform's connection to the router: for a tunnel router its
 * WireGuard interface (the one holding the tunnel address, else the setup kit's `wavu-wg`); for a
 * direct router the interface holding the address Wavu connects to. When that address is on no
 * interface (a router behind NAT, a port forward) the answer is "cannot tell", never a guess.
 */
export function managementInterface(mode: ConnectionMode, connectAddress: string, addresses: RouterIpAddress[], interfaceNames: string[]): ManagementInterface {
  const holder = addresses.find((a) => !a.disabled && a.address.split('/')[0] === connectAddress)?.interface;
  if (mode === 'tunnel') {
    const name = holder ?? (interfaceNames.includes(TUNNEL_INTERFACE) ? TUNNEL_INTERFACE : null);
    if (name) return { name, reason: `Wavu reaches this router through its WireGuard interface ${name}; disabling it would cut the router off` };
    return {
      name: null,
      reason: `Wavu cannot find this router's WireGuard interface (${TUNNEL_INTERFACE}), so it cannot tell which interface it reaches the router through; change interfaces on the router itself`,
    };
  }
  if (holder) return { name: holder, reason: `Wavu reaches this router at ${connectAddress}, which is on ${holder}; disabling it would cut the router off` };
  return {
    name: null,
    reason: `The address Wavu connects to (${connectAddress}) is on none of the router's interfaces (the router is probably behind NAT or a port forward), so Wavu cannot tell which interface it reaches the router through; change interfaces on the router itself`,
  };
}
