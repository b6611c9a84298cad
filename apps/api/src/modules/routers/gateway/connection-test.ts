import type { RouterOsClient } from '@wavu/routeros';
import { connect as tcpConnect } from 'node:net';
import type { ConnectionStepName } from './router-gateway';

// The pieces of a connection test (RouterOsGateway.testConnection): a hint per failed step, the
// TCP probe, and whether the API user may write.

/** What to do when a router's api-ssl certificate is not the recorded one (the handshake step's hint). */
const CERTIFICATE_CHANGED_HINT =
  'The router presented a different TLS certificate than the one recorded. If you reset or replaced the router, compare the fingerprint and accept the new certificate on the router page; otherwise someone may be intercepting the connection.';

/** What to do about a failed step, by step and error code (`any`, `other`: the rest). */
export const HINTS: Record<ConnectionStepName, Record<string, string>> = {
  tcp: {
    refused:
      'Nothing accepts connections on that port. Enable the API service on the router: /ip service enable api-ssl (port 8729, encrypted; the setup kit does it) or /ip service enable api (8728, plaintext), and allow the platform: /ip service set api-ssl address=<platform address>/32',
    timeout: 'No answer from that address. Check the host and port, and that the router firewall (input chain) and any NAT let the platform in. A router behind CGNAT needs a VPN (see the setup kit).',
    other: 'The address could not be reached. Check the host name and port.',
    LOGIN_LOCKED:
      'This router address refused too many logins recently (from any account), so the platform pauses logins there. A saved router whose credentials already worked there is not affected. Check the user name and password and try again later.',
    ADDRESS_NOT_ALLOWED:
      'Routers must be reached at a public address on port 8728 (api) or 8729 (api-ssl). A router on a private network needs the management tunnel (VPN); the platform operator can open ranges with ROUTER_ALLOWED_CIDRS.',
  },
  handshake: {
    CERTIFICATE_CHANGED: CERTIFICATE_CHANGED_HINT,
    PROTOCOL_ERROR:
      "The port answered with something that is not the RouterOS API (or a broken reply); the connection was closed. Check that the host and port are the router's API service (8728 = api, 8729 = api-ssl).",
    any: 'The port answered, but not as the RouterOS API. Check the port (8728 = api, 8729 = api-ssl) and the TLS setting, and that the API service is enabled: /ip service print',
  },
  login: {
    AUTH: 'The router refused the user name or password. Check them, and that the user belongs to a group with the api policy: /user print detail',
    any: 'Login did not complete. Check the user name and password and that the router is not overloaded.',
  },
  permission: {
    PERMISSION: 'The API user may not manage hotspot users. Give its group the read, write and api policies: /user group set [find name=<group>] policy=read,write,api,test',
    write: 'The API user can read but not write hotspot users. Add the write policy to its group: /user group set [find name=<group>] policy=read,write,api,test',
    UNKNOWN_COMMAND: 'The hotspot package is missing or disabled by device-mode. Run /system device-mode update mode=advanced (needs a power cycle) and enable the hotspot package.',
    any: 'Reading /ip/hotspot/user failed.',
  },
  identity: {
    any: 'Reading the identity and version failed; the router may be overloaded. Try again.',
  },
};

export type TcpProbe = 'ok' | { kind: 'refused' | 'timeout' | 'other'; detail: string };

/** Whether something accepts TCP connections at address:port within timeoutMs (host is how the owner typed it, for the messages). */
export function probeTcp(address: string, host: string, port: number, timeoutMs: number): Promise<TcpProbe> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: address, port });
    const done = (value: TcpProbe) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.destroy();
      resolve(value);
    };
    const timer = setTimeout(() => done({ kind: 'timeout', detail: `no TCP answer from ${host}:${port} within ${timeoutMs} ms` }), timeoutMs);
    socket.once('connect', () => done('ok'));
    socket.once('error', (err: NodeJS.ErrnoException) =>
      done(
        err.code === 'ECONNREFUSED'
          ? { kind: 'refused', detail: `${host}:${port} refused the connection` }
          : err.code === 'ETIMEDOUT' || err.code === 'EHOSTUNREACH'
            ? { kind: 'timeout', detail: `${host}:${port}: ${err.code}` }
            : { kind: 'other', detail: `${host}:${port}: ${err.code ?? err.message}` },
      ),
    );
  });
}

/** false when the user's group is readable and lacks `write`; null when it cannot be told */
export async function groupCanWrite(client: RouterOsClient, username: string): Promise<boolean | null> {
  try {
    const [user] = await client.menu.print('/user', { where: { name: username }, proplist: ['group'] });
    if (!user?.group) return null;
    const [group] = await client.menu.print('/user/group', { where: { name: user.group }, proplist: ['policy'] });
    if (!group?.policy) return null;
    return group.policy.split(',').includes('write');
  } catch {
    return null;
  }
}
