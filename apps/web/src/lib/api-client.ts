/**
 * The one typed HTTP client for the dashboard (openapi-fetch over the generated `paths`).
 *
 * - adds `Authorization: Bearer <access token>` when signed in;
 * - on a 401 it refreshes ONCE (POST /api/v1/auth/refresh, shared by concurrent requests),
 *   stores the rotated pair and retries the original request; if the refresh fails the
 *   session is cleared as "expired" (the router then sends the user to /login, which says
 *   "Your session expired — log in again" and returns to the page afterwards).
 * - `unwrap()` turns openapi-fetch's `{ data, error }` into a value or a thrown ApiError.
 *
 * It performs no UI side effects (no toasts, no redirects): screens decide what to show.
 */
import createClient from 'openapi-fetch';
import type { paths } from './api/schema';
import type { TokenPairDto } from './api/types';
import { ApiError, networkError } from './api-error';
import { authStore } from './auth-store';

const REFRESH_PATH = '/api/v1/auth/refresh';
/** Endpoints where a 401 means "bad credentials", not "access token expired". */
const NO_REFRESH = ['/api/v1/auth/login', REFRESH_PATH, '/api/v1/auth/logout', '/api/v1/providers/signup'];

let refreshInFlight: Promise<boolean> | null = null;

/** Exchange the refresh token for a new pair; resolves false (and signs out) when refused. */
function refreshSession(): Promise<boolean> {
  if (!refreshInFlight) {
    refreshInFlight = doRefresh().finally(() => {
      refreshInFlight = null;
    });
  }
  return refreshInFlight;
}

async function doRefresh(): Promise<boolean> {
  const session = authStore.get();
  if (!session) return false;
  let response: Response;
  try {
    response = await fetch(REFRESH_PATH, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ refreshToken: session.refreshToken }),
    });
  } catch {
    // Offline: keep the session, the request fails with a network error instead.
    return false;
  }
  if (!response.ok) {
    authStore.clear('expired');
    return false;
  }
  const pair = (await response.json()) as TokenPairDto;
  authStore.set({ accessToken: pair.accessToken, refreshToken: pair.refreshToken });
  return true;
}

function withToken(request: Request, token: string | undefined): Request {
  if (token) request.headers.set('Authorization', 'Bearer ' + token);
  else request.headers.delete('Authorization');
  return request;
}

/**
 * A 401 that is about the credentials in the request (e.g. a wrong current password on
 * change-password), not about the access token, must not trigger a refresh or a sign-out.
 */
async function isCredentialError(response: Response): Promise<boolean> {
  try {
    const body = (await response.clone().json()) as { code?: unknown };
    return typeof body.code === 'string' && /CREDENTIALS|PASSWORD/.test(body.code);
  } catch {
    return false;
  }
}

async function authFetch(request: Request): Promise<Response> {
  const path = new URL(request.url, window.location.origin).pathname;
  const tokenUsed = authStore.get()?.accessToken;
  // Keep an unread copy of the request (body included) for a possible retry.
  const spare = request.clone();
  let response: Response;
  try {
    response = await fetch(withToken(request, tokenUsed));
  } catch {
    throw networkError();
  }
  if (response.status !== 401 || !tokenUsed || NO_REFRESH.includes(path)) return response;
  if (await isCredentialError(response)) return response;

  // Another request may already have rotated the tokens while this one was in flight.
  const latest = authStore.get()?.accessToken;
  const refreshed = latest && latest !== tokenUsed ? true : await refreshSession();
  if (!refreshed) {
    authStore.clear('expired');
    return response;
  }
  try {
    const retried = await fetch(withToken(spare, authStore.get()?.accessToken));
    if (retried.status === 401 && !(await isCredentialError(retried))) authStore.clear('expired');
    return retried;
  } catch {
    throw networkError();
  }
}

export const api = createClient<paths>({
  baseUrl: '',
  headers: { Accept: 'application/json' },
  fetch: authFetch,
});

type FetchResult<T> = { data?: T; error?: unknown; response: Response };

/** Await an openapi-fetch call; return its data or throw an ApiError. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) throw ApiError.from(error, response);
  return data as T;
}
