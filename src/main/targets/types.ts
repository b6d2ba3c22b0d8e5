/** One message waiting for delivery to one target. */
export interface DeliveryItem {
  /** Message id (idempotency key for consumers; repeated on retries and replays). */
  messageId: string;
  sourceId: string;
  schemaId: string;
  /** The encoded payload: JSON text or frame bytes. */
  payload: Uint8Array;
  contentType: 'application/json' | 'application/octet-stream';
  /** performance.now() when enqueued (latency); Date.now() kept for dead letters. */
  enqueuedAt: number;
  createdAt: number;
  /** Rejections so far (outages do not count: a target that is down is not the message's fault). */
  attempts: number;
}

/**
 * Why a delivery failed:
 * - outage: the target is unreachable or overloaded (refused, reset, timeout, HTTP 5xx/429). Retried
 *   without limit while the message waits in order; feeds the circuit breaker.
 * - rejected: the target refused this message but might accept it later (counted per message; after
 *   retry.maxAttempts it becomes a dead letter).
 * - permanent: the target will never accept this message (HTTP 4xx other than 408/429): dead letter at once.
 */
export type FailureKind = 'outage' | 'rejected' | 'permanent';

export class DeliveryError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** The wire part of a target: sends a batch in order or throws a DeliveryError. */
export interface ITransport {
  /** Largest batch `send` accepts (1 for request/response protocols). */
  readonly maxBatch: number;
  send(batch: readonly DeliveryItem[]): Promise<void>;
  close(): Promise<void>;
}

/** Where dead letters go (persisted in the project database, in batches). */
export interface DeadLetterSink {
  add(targetId: string, item: DeliveryItem, reason: string): void;
}

/** Turns a Node socket error into a short reason. */
export function describeNetError(error: unknown): string {
  const e = error as { code?: string; message?: string } | undefined;
  if (e?.code === 'ECONNREFUSED') return 'connection refused';
  if (e?.code === 'ECONNRESET') return 'connection reset';
  if (e?.code === 'ETIMEDOUT') return 'timed out';
  if (e?.code === 'ENOTFOUND') return 'host not found';
  if (e?.code === 'EPIPE') return 'connection closed by peer';
  return e?.message ?? String(error);
}
