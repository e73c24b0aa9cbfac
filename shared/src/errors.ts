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
