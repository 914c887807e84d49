#!/usr/bin/env node
// Installs everything Cumulus needs on a machine with only Node 20 and npm, then builds it.
// pnpm comes from the npm registry at the version pinned in package.json (corepack cannot verify offline).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const [major] = process.versions.node.split('.').map(Number);
if (major < 20) {
  console.error(`Cumulus needs Node.js 20 or newer; this is ${process.version}.`);
  process.exit(1);
}

const { packageManager } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };
// better-sqlite3 compiles from source when its prebuilt binary cannot be downloaded; node-gyp then needs
// Node's headers, which Debian's nodejs installs under /usr/include/node.
if (!env.npm_config_nodedir && existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';

function run(args) {
  console.log(`> ${args.join(' ')}`);
  execFileSync('npx', ['-y', packageManager, ...args], { cwd: root, env, stdio: 'inherit' });
}

run(['install', '--frozen-lockfile']);
run(['build']);
