/**
 * One decoded frame as it leaves the gateway's decode stage: published on the core's event bus as
 * `gateway.decoded` and consumed by routing, monitoring and recordings.
 */
export interface DecodedMessage {
  /** Unique id (also the idempotency key targets send along). */
  id: string;
  sourceId: string;
  schemaId: string;
  schemaVersion: number;
  /** Arrival time at the listener, ms since the Unix epoch. */
  receivedAt: number;
  /** Decoded, scaled values; nested structs and flag sets are objects (`status.pump_running`). */
  fields: Record<string, unknown>;
}
