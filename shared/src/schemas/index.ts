export * from './ack.js';
export * from './common.js';
export * from './meta.js';
export * from './sample.js';
export * from './status.js';
