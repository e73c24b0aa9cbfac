/** Every error nodetally raises on purpose carries a stable code `NT_ERR_<AREA>_<WHAT>` and its cause. */
export const ErrorCodes = {
  TOPIC_INVALID: 'NT_ERR_TOPIC_INVALID',
  TOPIC_WILDCARD: 'NT_ERR_TOPIC_WILDCARD',
  DEVICE_ID_INVALID: 'NT_ERR_DEVICE_ID_INVALID',
  CONFIG_INVALID: 'NT_ERR_CONFIG_INVALID',
  CONFIG_FILE: 'NT_ERR_CONFIG_FILE',
  MESSAGE_INVALID: 'NT_ERR_MESSAGE_INVALID',
  STATE_CORRUPT: 'NT_ERR_STATE_CORRUPT',
  STORE_SCHEMA: 'NT_ERR_STORE_SCHEMA',
  STORE_BACKUP: 'NT_ERR_STORE_BACKUP',
  STORE_IN_USE: 'NT_ERR_STORE_IN_USE',
  BROKER_CONNECT: 'NT_ERR_BROKER_CONNECT',
  // External HTTP APIs (reward sources, price providers) and what their answers mean.
  HTTP_STATUS: 'NT_ERR_HTTP_STATUS',
  HTTP_RATE_LIMITED: 'NT_ERR_HTTP_RATE_LIMITED',
  HTTP_TIMEOUT: 'NT_ERR_HTTP_TIMEOUT',
  HTTP_NETWORK: 'NT_ERR_HTTP_NETWORK',
  HTTP_BODY: 'NT_ERR_HTTP_BODY',
  REWARDS_RESPONSE: 'NT_ERR_REWARDS_RESPONSE',
  REWARDS_RPC: 'NT_ERR_REWARDS_RPC',
  REWARDS_CURSOR: 'NT_ERR_REWARDS_CURSOR',
  PRICES_RESPONSE: 'NT_ERR_PRICES_RESPONSE',
  PRICES_UNAVAILABLE: 'NT_ERR_PRICES_UNAVAILABLE',
  TOKEN_UNKNOWN: 'NT_ERR_TOKEN_UNKNOWN',
  AMOUNT_INVALID: 'NT_ERR_AMOUNT_INVALID',
  // Alert notifiers: a service answered but refused the message; SMTP failures.
  NOTIFY_REFUSED: 'NT_ERR_NOTIFY_REFUSED',
  NOTIFY_SMTP: 'NT_ERR_NOTIFY_SMTP',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export class NodetallyError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NodetallyError';
    this.code = code;
  }
}
