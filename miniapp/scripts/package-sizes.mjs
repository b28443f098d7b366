// Prints the size of every package of each mini-program build (main package and each role's
// subpackage) and fails when WeChat's main package is over our 1 MB budget (WeChat's own limit
// is 2 MB per package). Run after `npm run build`:  npm run size -w miniapp
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const TARGETS = ['weapp', 'swan', 'qywx', 'dd'];
const MAIN_BUDGET_BYTES = { weapp: 1024 * 1024, qywx: 1024 * 1024 };

function files(folder) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? files(path) : [path];
  });
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
let failed = false;

for (const target of TARGETS) {
  const root = join(dist, target);
  if (!existsSync(join(root, 'app.json'))) continue;
  const app = JSON.parse(readFileSync(join(root, 'app.json'), 'utf8'));
  const roots = (app.subPackages ?? app.subpackages ?? []).map((sub) => sub.root.replace(/\/$/, ''));
  const sizes = new Map([['main', 0], ...roots.map((name) => [name, 0])]);
  for (const path of files(root)) {
    const first = relative(root, path).split(sep)[0];
    const owner = roots.includes(first) ? first : 'main';
    sizes.set(owner, sizes.get(owner) + statSync(path).size);
  }
  const total = [...sizes.values()].reduce((sum, size) => sum + size, 0);
  console.log(`${target}: ${kib(total)} in all`);
  for (const [name, size] of sizes) console.log(`  ${name.padEnd(10)} ${kib(size).padStart(12)}`);
  const budget = MAIN_BUDGET_BYTES[target];
  if (budget !== undefined && sizes.get('main') > budget) {
    console.error(`  ✗ ${target} main package is ${kib(sizes.get('main'))}, over the ${kib(budget)} budget`);
    failed = true;
  }
}

if (failed) process.exit(1);
