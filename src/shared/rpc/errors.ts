import { z } from 'zod';

/** Closed set of error codes that may cross the contract. */
export const RPC_ERROR_CODES = [
  'VALIDATION', // input failed its schema; details.issues names the fields
  'BAD_MESSAGE', // the envelope itself was malformed
  'UNKNOWN_METHOD',
  'UNKNOWN_EVENT',
  'NOT_FOUND',
  'CONFLICT',
  'UNAUTHORIZED',
  'CANCELLED',
  'LIMIT', // a size or rate limit was exceeded
  'UNAVAILABLE', // a resource (port, file, worker) is not available right now
  'FAILED', // the operation ran and failed for a domain reason given in message/details
  'INTERNAL',
] as const;
export type RpcErrorCode = (typeof RPC_ERROR_CODES)[number];

export const rpcErrorShape = z.object({
  code: z.enum(RPC_ERROR_CODES),
  message: z.string(),
  details: z.unknown().optional(),
});
export type RpcErrorShape = z.infer<typeof rpcErrorShape>;

/** The one error type that crosses the UI/core boundary. */
export class RpcError extends Error {
  readonly code: RpcErrorCode;
  readonly details: unknown;
  constructor(code: RpcErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'RpcError';
    this.code = code;
    this.details = details;
  }
  toJSON(): RpcErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
  static from(shape: RpcErrorShape): RpcError {
    return new RpcError(shape.code, shape.message, shape.details);
  }
}

/** Turns a zod error into a VALIDATION RpcError whose message names the first offending field. */
export function validationError(where: string, error: z.ZodError): RpcError {
  const issues = error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const first = issues[0];
  const message = first
    ? `${where}: ${first.path === '' ? '(root)' : first.path}: ${first.message}`
    : `${where}: invalid`;
  return new RpcError('VALIDATION', message, { issues });
}
