export * from './agencies.ts';
export * from './audit.ts';
export * from './auth.ts';
export * from './health.ts';
export * from './pagination.ts';
export * from './provinces.ts';
export * from './roles.ts';
export * from './users.ts';
