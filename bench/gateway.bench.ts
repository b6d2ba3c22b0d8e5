/**
 * Gateway benchmark (loopback only, bounded in time): UDP ingest -> decode -> route -> one UDP
 * target, compared in the same run with
 *   - `dgram`: a plain dgram receiver doing the same decode and JSON forward (the ceiling), and
 *   - `node-red`: udp in -> function (CRC + decode, JSON) -> udp out, installed on demand into a
 *     temp folder (never a project dependency); skipped with a JSON note when it cannot install.
 * Each receiver runs in its own process; this process is the paced sender and the final sink.
 * For each: the highest paced rate with < 0.1 % loss (2 s trials: doubling, then bisection) and
 * the p50/p99 end-to-end latency at that rate.
 *
 *   npx tsx bench/gateway.bench.ts [--quick] [--no-node-red]
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(here), '..');
const args = process.argv.slice(2);
const NODE_RED_VERSION = '4.1.1';
const NODE_RED_DIR = path.join(os.tmpdir(), 'swb-bench-node-red');

// ---------------------------------------------------------------------------------------------
// child processes: the receivers under test

async function childMain(mode: string, sinkPort: number): Promise<void> {
  const { compileSchema } = await import('#shared/frame/compile');
  const { validateSchema } = await import('#shared/frame/validate');
  const raw = JSON.parse(readFileSync(path.join(root, 'resources/demo/schemas/pump-telemetry.json'), 'utf8')) as Record<string, unknown>;
  delete raw.$schema;
  const v = validateSchema(raw);
  if (!v.ok) throw new Error('schema invalid');
  let port = 0;
  if (mode === 'dgram') {
    const codec = compileSchema(v.schema);
    const out = dgram.createSocket({ type: 'udp4', sendBufferSize: 4 << 20 } as dgram.SocketOptions);
    const sock = dgram.createSocket({ type: 'udp4', recvBufferSize: 8 << 20 } as dgram.SocketOptions);
    let n = 0;
    sock.on('message', (msg) => {
      const r = codec.decode(msg);
      if (!r.ok) return;
      const doc = { id: `m${++n}`, sourceId: 'bench', schemaId: 'pump-telemetry', schemaVersion: 1, receivedAt: Date.now(), fields: r.fields };
      out.send(JSON.stringify(doc), sinkPort, '127.0.0.1');
    });
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    port = sock.address().port;
  } else {
    const { EventBus } = await import('../src/main/events/bus');
    const { StoreEngine } = await import('../src/main/store/engine');
    const { migrate } = await import('../src/main/store/migrations');
    const { GatewayService, gatewayMigrations } = await import('../src/main/gateway/gatewayService');
    const { DemoSchemaResolver } = await import('../src/main/gateway/schemaResolver');
    const store = new StoreEngine();
    await store.open(undefined, { create: true });
    await migrate(store, gatewayMigrations);
    const bus = new EventBus();
    // Live monitoring consumes gateway.decoded in the app; keep one cheap subscriber so the publish path is exercised.
    bus.subscribe('gateway.decoded', () => {});
    const svc = new GatewayService({ store, bus, resolver: new DemoSchemaResolver(path.join(root, 'resources/demo/schemas')), audit: async () => {}, log: { error: (m, e) => console.error(m, e) } });
    await svc.open({ startServices: true });
    const { freeUdpPort } = await import('../src/main/gateway/gatewayService');
    port = await freeUdpPort();
    await svc.saveTarget({ id: 'out', name: '', enabled: true, kind: 'udp', host: '127.0.0.1', port: sinkPort, queueCapacity: 100_000, overflow: 'dead-letter', retry: { initialDelayMs: 200, maxDelayMs: 30_000, maxAttempts: 5 }, breaker: { failureThreshold: 5, cooldownMs: 5000 } });
    await svc.saveSource({ id: 'bench', name: '', enabled: true, kind: 'udp', bindAddress: '127.0.0.1', port, schemaId: 'pump-telemetry', maxDatagramBytes: 65507, recvBufferBytes: 8 << 20 });
    await svc.saveRules([{ id: 'all', name: '', enabled: true, priority: 1, match: { schema: 'pump-telemetry' }, actions: { targets: ['out'], transforms: [], output: 'json' }, stop: false }], undefined);
  }
  process.stdout.write(`READY ${port}\n`);
  // Report CPU time on request so the parent can compute CPU per frame.
  process.stdin.on('data', () => {
    const u = process.cpuUsage();
    process.stdout.write(`CPU ${u.user + u.system}\n`);
  });
}

// ---------------------------------------------------------------------------------------------
// Node-RED, installed on demand

function nodeRedFunction(sinkPort: number): string {
  // Same work as the others: CRC-16/MODBUS check, decode the reference layout, JSON out.
  return `
const b = msg.payload;
if (!Buffer.isBuffer(b) || b.length !== 64 || b[0] !== 0xAA || b[1] !== 0x55) return null;
let crc = 0xFFFF;
for (let i = 0; i < 62; i++) { crc ^= b[i]; for (let k = 0; k < 8; k++) crc = (crc & 1) ? (crc >>> 1) ^ 0xA001 : crc >>> 1; }
if (crc !== b.readUInt16LE(62)) return null;
const s = b.readUInt16BE(42);
const fields = { sync: 'AA55', msg_type: b[2], station_id: b[3], seq: b.readUInt16BE(4), unix_time: b.readUInt32BE(6),
  suction_pressure: b.readInt16BE(10) / 100, discharge_pressure: b.readInt16BE(12) / 100, wet_well_level: b.readInt16BE(14) / 100,
  motor_current: b.readUInt16BE(16) / 10, motor_voltage: b.readUInt16BE(18) / 10, vfd_frequency: b.readUInt16BE(20) / 100,
  motor_temp: b.readInt16BE(22) / 10, bearing_temp: b.readInt16BE(24) / 10, flow_rate: b.readFloatBE(26), active_power: b.readFloatBE(30),
  vibration_rms: b.readFloatBE(34), energy_today: b.readFloatBE(38),
  status: { pump_running: !!(s & 1), pump_fault: !!(s & 2), remote_mode: !!(s & 4), high_level: !!(s & 8), low_level: !!(s & 16), over_temp: !!(s & 32), dry_run: !!(s & 64), door_open: !!(s & 128) },
  crc: b.readUInt16LE(62) };
msg.payload = JSON.stringify({ id: 'm' + (context.n = (context.n || 0) + 1), sourceId: 'bench', schemaId: 'pump-telemetry', schemaVersion: 1, receivedAt: Date.now(), fields });
msg.ip = '127.0.0.1'; msg.port = ${sinkPort};
return msg;`;
}

function ensureNodeRed(): string | undefined {
  const main = path.join(NODE_RED_DIR, 'node_modules', 'node-red', 'red.js');
  if (existsSync(main)) return main;
  mkdirSync(NODE_RED_DIR, { recursive: true });
  process.stderr.write(`# installing node-red@${NODE_RED_VERSION} into ${NODE_RED_DIR} (bench only)\n`);
  const r = spawnSync('npm', ['install', '--prefix', NODE_RED_DIR, '--no-audit', '--no-fund', '--loglevel=error', `node-red@${NODE_RED_VERSION}`], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 240_000 });
  return r.status === 0 && existsSync(main) ? main : undefined;
}

async function startNodeRed(main: string, sinkPort: number): Promise<{ child: ChildProcess; port: number }> {
  const sock = dgram.createSocket('udp4');
  const port = await new Promise<number>((r) => sock.bind(0, '127.0.0.1', () => r(sock.address().port)));
  sock.close();
  const userDir = path.join(NODE_RED_DIR, `user-${process.pid}`);
  mkdirSync(userDir, { recursive: true });
  const flows = [
    { id: 'tab', type: 'tab', label: 'bench' },
    { id: 'in', type: 'udp in', z: 'tab', name: '', iface: '', port: String(port), ipv: 'udp4', multicast: 'false', group: '', datatype: 'buffer', wires: [['fn']] },
    { id: 'fn', type: 'function', z: 'tab', name: 'decode', func: nodeRedFunction(sinkPort), outputs: 1, wires: [['out']] },
    { id: 'out', type: 'udp out', z: 'tab', name: '', addr: '', iface: '', port: '', ipv: 'udp4', outport: '', base64: false, multicast: 'false', wires: [] },
  ];
  writeFileSync(path.join(userDir, 'flows.json'), JSON.stringify(flows));
  writeFileSync(path.join(userDir, 'settings.js'), `module.exports = { uiHost: '127.0.0.1', uiPort: 0, httpAdminRoot: false, httpNodeRoot: false, flowFile: 'flows.json', logging: { console: { level: 'warn' } } };`);
  const child = spawn(process.execPath, [main, '--userDir', userDir, '--settings', path.join(userDir, 'settings.js')], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.resume();
  child.stderr?.resume();
  // Node-RED has no ready signal without the admin API: probe until a frame comes back.
  return { child, port };
}

// ---------------------------------------------------------------------------------------------
// the driver: paced sender + sink

/** 65 536 frames (every seq) tagged with `tag` in station_id, so late replies of a previous trial are not counted. */
function buildFrames(tag: number): Buffer[] {
  const ref = Buffer.from('AA550107123467748580FFDD01E200ED01820FAC128E02AC0227439C40004196000040100000449A5000000D0000000000000000000000000000000000003E1E', 'hex');
  const frames: Buffer[] = [];
  for (let seq = 0; seq < 65536; seq++) {
    const f = Buffer.from(ref);
    f.writeUInt16BE(seq, 4);
    f[3] = tag;
    let crc = 0xffff;
    for (let i = 0; i < 62; i++) {
      crc ^= f[i]!;
      for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
    }
    f.writeUInt16LE(crc, 62);
    frames.push(f);
  }
  return frames;
}

type Trial = { rate: number; sent: number; received: number; lossPct: number; achieved: number; p50Ms: number; p99Ms: number };

async function main(): Promise<void> {
  const quick = args.includes('--quick');
  const trialMs = quick ? 1000 : 2000;
  let tag = 1;
  let frames = buildFrames(tag);
  const sendAt = new Float64Array(65536);
  const sink = dgram.createSocket({ type: 'udp4', recvBufferSize: 16 << 20 } as dgram.SocketOptions);
  let received = 0;
  let lastRxAt = 0;
  let lat: number[] = [];
  const readInt = (m: Buffer, key: string): number => {
    const i = m.indexOf(key);
    if (i < 0) return -1;
    let v = 0;
    for (let j = i + key.length; j < m.length; j++) {
      const c = m[j]!;
      if (c < 48 || c > 57) break;
      v = v * 10 + (c - 48);
    }
    return v;
  };
  sink.on('message', (m) => {
    lastRxAt = performance.now();
    // Cheaper than JSON.parse for the sink (it shares the CPU with the sender).
    if (readInt(m, '"station_id":') !== tag) return;
    received++;
    const i = m.indexOf('"seq":');
    if (i < 0) return;
    let seq = 0;
    for (let j = i + 6; j < m.length; j++) {
      const c = m[j]!;
      if (c < 48 || c > 57) break;
      seq = seq * 10 + (c - 48);
    }
    if ((received & 7) === 0) lat.push(performance.now() - sendAt[seq]!);
  });
  await new Promise<void>((r) => sink.bind(0, '127.0.0.1', () => r()));
  const sinkPort = sink.address().port;
  const sender = dgram.createSocket({ type: 'udp4', sendBufferSize: 8 << 20 } as dgram.SocketOptions);

  const quiet = async (maxMs: number) => {
    const until = performance.now() + maxMs;
    while (performance.now() - lastRxAt < 300 && performance.now() < until) await new Promise((r) => setTimeout(r, 50));
  };

  async function trial(port: number, rate: number): Promise<Trial> {
    await quiet(3000);
    tag = (tag % 250) + 1;
    frames = buildFrames(tag);
    received = 0;
    lat = [];
    let sent = 0;
    const t0 = performance.now();
    const end = t0 + trialMs;
    await new Promise<void>((resolve) => {
      const tick = () => {
        const now = performance.now();
        const due = Math.min(Math.floor(((Math.min(now, end) - t0) / 1000) * rate), Math.floor((trialMs / 1000) * rate));
        while (sent < due) {
          const seq = sent & 0xffff;
          sendAt[seq] = performance.now();
          sender.send(frames[seq]!, port, '127.0.0.1');
          sent++;
        }
        if (now >= end) resolve();
        else setImmediate(tick);
      };
      tick();
    });
    const achieved = (sent / (performance.now() - t0)) * 1000;
    await new Promise((r) => setTimeout(r, 300));
    await quiet(3000); // drain: wait until replies stop (bounded)
    lat.sort((a, b) => a - b);
    const pct = (p: number) => (lat.length ? lat[Math.min(lat.length - 1, Math.floor(lat.length * p))]! : NaN);
    return { rate, sent, received, lossPct: sent ? (100 * (sent - received)) / sent : 0, achieved, p50Ms: pct(0.5), p99Ms: pct(0.99) };
  }

  async function search(name: string, port: number): Promise<{ best: Trial | undefined; trials: number }> {
    let lo: Trial | undefined;
    let hiRate: number | undefined;
    let rate = 5000;
    let trials = 0;
    await trial(port, 2000); // warm-up (JIT, sockets)
    const ok = (t: Trial) => t.lossPct < 0.1;
    for (;;) {
      const t = await trial(port, rate);
      trials++;
      process.stderr.write(`# ${name} ${rate}/s sent ${t.sent} recv ${t.received} loss ${t.lossPct.toFixed(3)}% achieved ${Math.round(t.achieved)}/s p50 ${t.p50Ms.toFixed(2)}ms p99 ${t.p99Ms.toFixed(2)}ms\n`);
      if (!ok(t)) {
        hiRate = rate;
        break;
      }
      lo = t;
      if (t.achieved < rate * 0.95 || rate >= 400_000) break; // the sender is the limit: a lower bound
      rate *= 2;
    }
    if (hiRate !== undefined) {
      let a = lo?.rate ?? 0;
      let b = hiRate;
      for (let i = 0; i < (quick ? 2 : 3); i++) {
        const mid = Math.round((a + b) / 2);
        const t = await trial(port, mid);
        trials++;
        process.stderr.write(`# ${name} ${mid}/s loss ${t.lossPct.toFixed(3)}% p50 ${t.p50Ms.toFixed(2)}ms p99 ${t.p99Ms.toFixed(2)}ms\n`);
        if (ok(t)) {
          lo = t;
          a = mid;
        } else b = mid;
      }
    }
    return { best: lo, trials };
  }

  async function child(mode: string): Promise<{ proc: ChildProcess; port: number }> {
    const proc = spawn(process.execPath, ['--import', 'tsx', here, '--child', mode, String(sinkPort)], { stdio: ['pipe', 'pipe', 'inherit'], cwd: root });
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`${mode} receiver did not start`)), 60_000);
      proc.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /READY (\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      proc.on('exit', (c) => reject(new Error(`${mode} receiver exited ${c}`)));
    });
    return { proc, port };
  }

  const results: Record<string, Trial | undefined> = {};
  for (const mode of ['gateway', 'dgram']) {
    const { proc, port } = await child(mode);
    try {
      results[mode] = (await search(mode, port)).best;
    } finally {
      proc.kill();
    }
  }

  let nodeRedNote: string | undefined;
  if (!args.includes('--no-node-red')) {
    const main = ensureNodeRed();
    if (!main) nodeRedNote = `node-red@${NODE_RED_VERSION} could not be installed (offline?)`;
    else {
      const nr = await startNodeRed(main, sinkPort);
      try {
        const deadline = Date.now() + 30_000;
        let up = false;
        while (!up && Date.now() < deadline) {
          received = 0;
          lastRxAt = 0;
          sender.send(frames[1]!, nr.port, '127.0.0.1');
          await new Promise((r) => setTimeout(r, 300));
          up = received > 0;
        }
        if (!up) nodeRedNote = 'node-red did not start a working flow within 30 s';
        else results['node-red'] = (await search('node-red', nr.port)).best;
      } finally {
        nr.child.kill();
      }
    }
  }

  const g = results.gateway;
  const d = results.dgram;
  const n = results['node-red'];
  // The machine's load matters more than anything else here: record it with every result.
  const load = Number(os.loadavg()[0]!.toFixed(2));
  const line = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ ...o, loadavg1: load, cpus: os.cpus().length })}\n`);
  if (g) {
    line({ name: 'gateway.udp.lossless_rate', value: Math.round(g.rate), unit: 'frames/s', baseline: 'gateway.udp.dgram_ceiling', ratio: d ? round(g.rate / d.rate) : null });
    line({ name: 'gateway.udp.latency_p50', value: round(g.p50Ms), unit: 'ms', at: Math.round(g.rate) });
    line({ name: 'gateway.udp.latency_p99', value: round(g.p99Ms), unit: 'ms', at: Math.round(g.rate) });
    if (n) line({ name: 'gateway.udp.vs_node_red', value: Math.round(g.rate), unit: 'frames/s', baseline: 'gateway.udp.node_red', ratio: round(g.rate / n.rate) });
  }
  if (d) line({ name: 'gateway.udp.dgram_ceiling', value: Math.round(d.rate), unit: 'frames/s', p50Ms: round(d.p50Ms), p99Ms: round(d.p99Ms) });
  if (n) line({ name: 'gateway.udp.node_red', value: Math.round(n.rate), unit: 'frames/s', p50Ms: round(n.p50Ms), p99Ms: round(n.p99Ms) });
  if (nodeRedNote) line({ name: 'gateway.udp.node_red', skipped: true, reason: nodeRedNote });
  sender.close();
  sink.close();
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

if (args[0] === '--child') void childMain(args[1]!, Number(args[2]));
else
  void main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
