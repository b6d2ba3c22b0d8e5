// `npm run bench [-- --filter NAME]`: runs every bench/*.bench.ts (or those whose file name or
// result names contain NAME) one after another. Each prints one JSON line per result on stdout.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const filterIndex = args.indexOf('--filter');
const filter = filterIndex >= 0 ? args[filterIndex + 1] : args.find((a) => a.startsWith('--filter='))?.slice(9);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
let failed = 0;
for (const file of files) {
  const area = file.replace(/\.bench\.ts$/, '');
  // A filter naming a result (frame.decode) selects its file (frame); the file filters its own results.
  if (filter && !area.includes(filter) && !filter.startsWith(`${area}.`) && !filter.startsWith(area)) continue;
  process.stderr.write(`# bench ${file}\n`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(dir, file), ...(filter ? ['--filter', filter] : [])], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (r.status !== 0) {
    failed++;
    process.stderr.write(`# bench ${file} exited with ${r.status}\n`);
  }
}
process.exit(failed ? 1 : 0);
