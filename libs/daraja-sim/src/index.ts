export * from './types';
export * from './logger';
export * from './time';
export { MAGIC_SUFFIXES, RESULT_DESC, resultDesc } from './result-codes';
export { BANNED_URL_WORDS, c2bMsisdn } from './c2b';
export { DEFAULT_CALLBACK_SETTINGS } from './callbacks';
export { DEFAULT_PHONE_SETTINGS } from './phone';
export { DarajaSimulator, DarajaSimulatorOptions, PushFilter, startDarajaSimulator } from './simulator';
export { DEMO_APP } from './demo';
