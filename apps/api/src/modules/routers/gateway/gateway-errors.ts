import { RouterOsError, toRouterOsError } from '@wavu/routeros';
import { CERTIFICATE_CHANGED_CODE, PROTOCOL_ERROR_CODE, RouterGatewayError } from './router-gateway';

const ERRNO_TEXT: Record<string, string> = {
  '-111': 'connection refused (is the API service enabled and allowed for the platform?)',
  ECONNREFUSED: 'connection refused (is the API service enabled and allowed for the platform?)',
  '-110': 'connection timed out',
  ETIMEDOUT: 'connection timed out',
  '-113': 'no route to host',
  EHOSTUNREACH: 'no route to host',
  '-104': 'connection reset by the router',
  ECONNRESET: 'connection reset by the router',
  '-3008': 'host name not found',
  ENOTFOUND: 'host name not found',
};

/** Any failure of a RouterOS call as a RouterGatewayError: the client's code, with a plain message for socket errors. */
export function gatewayError(err: unknown, router: string): RouterGatewayError {
  if (err instanceof RouterGatewayError) return err;
  if (err instanceof TypeError) return new RouterGatewayError('TRAP', err.message);
  const e = err instanceof RouterOsError ? err : toRouterOsError(err, { router });
  // the resolveAddress hook refused the connect: its own error says why
  if (e.code === 'REFUSED') return e.details.cause instanceof RouterGatewayError ? e.details.cause : new RouterGatewayError('ADDRESS_NOT_ALLOWED', e.message);
  const errno = e.details.errno === undefined ? undefined : ERRNO_TEXT[String(e.details.errno)];
  // the code leads the message so the router page (last error), outbox rows and test steps show it
  if (e.code === 'PROTOCOL_ERROR') return new RouterGatewayError(e.code, `${PROTOCOL_ERROR_CODE}: ${e.message}`);
  // in words, without the connection's internal name (a router id): the router page shows both fingerprints
  if (e.code === 'CERTIFICATE_CHANGED') {
    return new RouterGatewayError(
      e.code,
      `${CERTIFICATE_CHANGED_CODE}: the router presented a TLS certificate other than the recorded one; nothing was sent to it until the owner accepts the new certificate`,
      e.details.fingerprint ?? null,
    );
  }
  return new RouterGatewayError(e.code, errno ?? e.message);
}
