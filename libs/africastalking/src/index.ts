export * from './environments';
export * from './errors';
export * from './logger';
export * from './types';
export * from './phone';
export * from './segments';
export * from './cost';
export * from './status-codes';
export * from './delivery-report';
export { MAX_SMS_ANSWER_BYTES } from './http';
export type { FetchLike } from './http';
export { AfricasTalkingSmsClient } from './client';
export type { AfricasTalkingSmsClientOptions } from './client';

/** Injection token for the SmsClient port (docs/architecture.md rule 4). */
export const SMS_CLIENT = Symbol('SMS_CLIENT');
