/** The API's error body (docs/architecture.md rule 5) turned into an Error the UI can show. */
import type { components } from './api/schema';

type ErrorBody = components['schemas']['ErrorResponseDto'];
export type FieldErrors = Record<string, string>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: { field: string; messages: string[] }[];
  readonly requestId: string | undefined;

  constructor(status: number, code: string, message: string, details: ApiError['details'] = [], requestId?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.requestId = requestId;
  }

  /** Field messages keyed by field name (first segment of a dotted path). */
  fieldErrors(): FieldErrors {
    const out: FieldErrors = {};
    for (const detail of this.details) {
      const key = detail.field.split('.')[0] ?? detail.field;
      if (!out[key]) out[key] = detail.messages.map(sentence).join(' ');
    }
    return out;
  }

  static from(body: unknown, response: Response | undefined): ApiError {
    const status = response?.status ?? 0;
    if (isErrorBody(body)) {
      const message = Array.isArray(body.message) ? body.message.join(', ') : body.message;
      return new ApiError(body.statusCode ?? status, body.code ?? 'ERROR', message, body.details ?? [], body.requestId);
    }
    if (status === 0) return networkError();
    return new ApiError(status, 'HTTP_' + status, defaultMessage(status));
  }
}

export function networkError(): ApiError {
  return new ApiError(0, 'NETWORK_ERROR', 'Could not reach the Wavu server. Check your connection and try again.');
}

/** "an account … exists" → "An account … exists." */
function sentence(message: string): string {
  const text = message.trim();
  if (!text) return text;
  const capitalised = text[0]!.toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : capitalised + '.';
}

function isErrorBody(body: unknown): body is ErrorBody {
  return typeof body === 'object' && body !== null && 'message' in body;
}

function defaultMessage(status: number): string {
  if (status === 401) return 'Your session has ended. Please log in again.';
  if (status === 403) return 'You do not have permission to do that.';
  if (status === 404) return 'Not found.';
  if (status === 429) return 'Too many requests. Please wait a moment and try again.';
  if (status >= 500) return 'The server had a problem. Please try again.';
  return 'Request failed (' + status + ').';
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
