export { HttpError, redact } from './errors.js';
export { type HttpOptions, type JsonRequest, requestJson } from './request.js';
export { backoffMs, parseRetryAfter } from './retry-after.js';
export { expectShape } from './shape.js';
