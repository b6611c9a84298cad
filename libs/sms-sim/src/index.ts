export * from './types';
export * from './logger';
export { MAGIC_SUFFIXES, classifyNumber, networkCodeOf } from './numbers';
export { DEFAULT_SMS_SETTINGS, SmsSimulator, startSmsSimulator } from './simulator';
export type { SmsSimulatorOptions } from './simulator';
export { DEMO_SMS_APP } from './demo';
