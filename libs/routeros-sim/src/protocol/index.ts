export * from './length';
export * from './sentence';
export * from './decoder';
