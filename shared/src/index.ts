export * from './cli.js';
export * from './config.js';
export * from './errors.js';
export * from './metrics.js';
export * from './schemas/index.js';
export * from './tokens.js';
export * from './topics.js';
export * from './validate.js';
