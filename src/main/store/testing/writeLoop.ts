// Child process for the crash test: writes numbered rows forever and prints "ack N" after each
// write is acknowledged (journaled + fsynced). The parent kills it with SIGKILL mid-loop.
import { StoreEngine } from '../engine';

const file = process.argv[2];
if (!file) throw new Error('usage: writeLoop FILE');
const engine = new StoreEngine({ journalCheckpointBytes: 64 * 1024 }); // small: checkpoints happen mid-loop too
await engine.open(file, { create: true });
await engine.write([{ sql: 'CREATE TABLE IF NOT EXISTS samples (n INTEGER PRIMARY KEY, payload TEXT NOT NULL, blob BLOB)' }]);
process.stdout.write('ready\n');
for (let n = 1; ; n++) {
  await engine.write([{ sql: 'INSERT INTO samples(n, payload, blob) VALUES (?, ?, ?)', params: [n, `row-${n}-${'x'.repeat(n % 50)}`, new Uint8Array([n & 255, 1, 2])] }]);
  process.stdout.write(`ack ${n}\n`);
}
