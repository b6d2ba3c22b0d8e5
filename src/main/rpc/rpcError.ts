import { RpcError, type RpcErrorCode } from '#shared/rpc/errors';

/** Maps a thrown error with a `code` property (from services) to the contract's RpcError. */
export function toRpcError(error: unknown, fallback: RpcErrorCode = 'FAILED'): RpcError {
  if (error instanceof RpcError) return error;
  const code = (error as { code?: unknown } | undefined)?.code;
  const known: RpcErrorCode[] = ['VALIDATION', 'NOT_FOUND', 'CONFLICT', 'UNAUTHORIZED', 'CANCELLED', 'LIMIT', 'UNAVAILABLE', 'FAILED'];
  const message = error instanceof Error ? error.message : String(error);
  return new RpcError(typeof code === 'string' && (known as string[]).includes(code) ? (code as RpcErrorCode) : fallback, message);
}

/** Run a service call, rethrowing any failure as an RpcError. */
export async function rpcGuard<T>(fn: () => Promise<T> | T, fallback: RpcErrorCode = 'FAILED'): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toRpcError(error, fallback);
  }
}
