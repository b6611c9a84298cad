import type { ErrorDetail } from '../../common/errors/app-exception';
import { AppException } from '../../common/errors/app-exception';

export enum RouterErrorCode {
  ROUTER_NOT_FOUND = 'ROUTER_NOT_FOUND',
  ROUTER_NAME_TAKEN = 'ROUTER_NAME_TAKEN',
  ROUTER_UNREACHABLE = 'ROUTER_UNREACHABLE',
  ROUTER_CALL_FAILED = 'ROUTER_CALL_FAILED',
  /** the router answered with something that is not the RouterOS API; the connection was ended */
  ROUTER_PROTOCOL_ERROR = 'ROUTER_PROTOCOL_ERROR',
  /** api-ssl: the router presented a certificate other than the one recorded; nothing was sent to it until the owner accepts the new one */
  ROUTER_CERTIFICATE_CHANGED = 'ROUTER_CERTIFICATE_CHANGED',
  /** accepting a certificate: the router has no pending (changed) certificate */
  ROUTER_CERTIFICATE_NOT_PENDING = 'ROUTER_CERTIFICATE_NOT_PENDING',
  /** accepting a certificate: the fingerprint given is not the one the router presented */
  ROUTER_CERTIFICATE_MISMATCH = 'ROUTER_CERTIFICATE_MISMATCH',
  /** host or port refused by the address policy (internal address, disallowed port): docs/router-addresses.md */
  ROUTER_ADDRESS_NOT_ALLOWED = 'ROUTER_ADDRESS_NOT_ALLOWED',
  /** the router's address:port refused too many logins recently (any account); only routers whose credentials already worked there may log in */
  ROUTER_LOGIN_LOCKED = 'ROUTER_LOGIN_LOCKED',
  ROUTER_SESSION_NOT_FOUND = 'ROUTER_SESSION_NOT_FOUND',
  ROUTER_INTERFACE_NOT_FOUND = 'ROUTER_INTERFACE_NOT_FOUND',
  /** disabling the interface the platform reaches the router through (or one Wavu cannot rule out) would cut the router off */
  ROUTER_INTERFACE_PROTECTED = 'ROUTER_INTERFACE_PROTECTED',
  ROUTER_HOTSPOT_USER_NOT_FOUND = 'ROUTER_HOTSPOT_USER_NOT_FOUND',
  /** a hotspot user Wavu manages (a voucher's): change it through its voucher */
  ROUTER_HOTSPOT_USER_MANAGED = 'ROUTER_HOTSPOT_USER_MANAGED',
  ROUTER_IMPORT_INVALID = 'ROUTER_IMPORT_INVALID',
  ROUTER_SETUP_KIT_INVALID = 'ROUTER_SETUP_KIT_INVALID',
  ROUTER_BULK_SYNC_NOT_FOUND = 'ROUTER_BULK_SYNC_NOT_FOUND',
  ROUTER_OP_INVALID = 'ROUTER_OP_INVALID',
  /** connectionMode tunnel: the platform's tunnel service has not published its hub yet (docs/tunnel.md) */
  ROUTER_TUNNEL_UNAVAILABLE = 'ROUTER_TUNNEL_UNAVAILABLE',
  /** connectionMode tunnel: every address of the tunnel prefix is taken */
  ROUTER_TUNNEL_FULL = 'ROUTER_TUNNEL_FULL',
  /** connectionMode tunnel: the router runs RouterOS 6, which has no WireGuard */
  ROUTER_TUNNEL_NEEDS_ROUTEROS_7 = 'ROUTER_TUNNEL_NEEDS_ROUTEROS_7',
}

export class RouterException extends AppException<RouterErrorCode> {
  protected readonly statuses = {
    ROUTER_NOT_FOUND: 404,
    ROUTER_NAME_TAKEN: 409,
    ROUTER_UNREACHABLE: 502,
    ROUTER_CALL_FAILED: 502,
    ROUTER_PROTOCOL_ERROR: 502,
    ROUTER_CERTIFICATE_CHANGED: 502,
    ROUTER_CERTIFICATE_NOT_PENDING: 409,
    ROUTER_CERTIFICATE_MISMATCH: 409,
    ROUTER_ADDRESS_NOT_ALLOWED: 400,
    ROUTER_LOGIN_LOCKED: 429,
    ROUTER_SESSION_NOT_FOUND: 404,
    ROUTER_INTERFACE_NOT_FOUND: 404,
    ROUTER_INTERFACE_PROTECTED: 409,
    ROUTER_HOTSPOT_USER_NOT_FOUND: 404,
    ROUTER_HOTSPOT_USER_MANAGED: 409,
    ROUTER_IMPORT_INVALID: 400,
    ROUTER_SETUP_KIT_INVALID: 400,
    ROUTER_BULK_SYNC_NOT_FOUND: 404,
    ROUTER_OP_INVALID: 400,
    ROUTER_TUNNEL_UNAVAILABLE: 503,
    ROUTER_TUNNEL_FULL: 503,
    ROUTER_TUNNEL_NEEDS_ROUTEROS_7: 400,
  };

  static notFound(): RouterException {
    return new RouterException(RouterErrorCode.ROUTER_NOT_FOUND, 'Router not found');
  }

  static nameTaken(): RouterException {
    return new RouterException(RouterErrorCode.ROUTER_NAME_TAKEN, 'You already have a router with this name', [{ field: 'name', messages: ['name is already used by another of your routers'] }]);
  }

  static addressNotAllowed(message: string, details: ErrorDetail[]): RouterException {
    return new RouterException(RouterErrorCode.ROUTER_ADDRESS_NOT_ALLOWED, message, details);
  }

  static invalid(code: RouterErrorCode.ROUTER_IMPORT_INVALID | RouterErrorCode.ROUTER_SETUP_KIT_INVALID | RouterErrorCode.ROUTER_OP_INVALID, message: string, details: ErrorDetail[]): RouterException {
    return new RouterException(code, message, details);
  }
}
