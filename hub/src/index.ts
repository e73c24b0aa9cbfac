export { type BuildOptions, build } from './app.js';
export { type HubConfig, HubConfigSchema, hubConfig } from './config.js';
export { addDeviceCredential, createEnrollToken, type IssuedCredential } from './devices/credentials.js';
export { databasePath, type RunningHub, startHub } from './hub.js';
export { Ingest } from './ingest/ingest.js';
export { openPostgresStore, type PostgresOptions } from './store/postgres/index.js';
export { openSqliteStore } from './store/sqlite/index.js';
export type { Store } from './store/types.js';
