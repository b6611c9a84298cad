export * from './environments';
export * from './errors';
export * from './logger';
export * from './types';
export * from './timestamp';
export * from './phone';
export * from './rules';
export * from './result-codes';
export * from './callback';
export * from './c2b';
export * from './token-cache';
export * from './money';
export * from './pull';
export * from './statement';
export { MAX_ANSWER_BYTES, httpJson } from './http';
export type { FetchLike, HttpAnswer } from './http';
export { HttpDarajaClient } from './client';
export type { HttpDarajaClientOptions } from './client';

/** Injection token for the DarajaClient port (docs/architecture.md rule 4). */
export const DARAJA_CLIENT = Symbol('DARAJA_CLIENT');
