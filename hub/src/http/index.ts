export { HttpError, redact } from './errors.js';
export {
  type HttpOptions,
  type JsonRequest,
  requestJson,
  requestText,
  type TextAnswer,
  type TextRequest,
} from './request.js';
export { backoffMs, parseRetryAfter, retryAfterInBody } from './retry-after.js';
export { expectShape } from './shape.js';
