export * from './agencies.ts';
export * from './health.ts';
export * from './roles.ts';
