// For benchmarks: the real server (dist/main.js) in its own process, started as `pnpm start` starts it, with the
// JavaScript heap bounded by `heapMb`; `rssMb` reads its resident memory from /proc.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';

export interface BenchServer {
  /** The GraphQL endpoint. */
  url: string;
  rssMb(): number;
  stop(): Promise<void>;
}

export async function startBenchServer(options: { databaseUrl: string; adminToken: string; heapMb: number | string }): Promise<BenchServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [`--max-old-space-size=${options.heapMb}`, fileURLToPath(new URL('./main.js', import.meta.url))], {
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: options.databaseUrl,
      CUMULUS_DEMO: '0',
      CUMULUS_ADMIN_TOKEN: options.adminToken,
      CUMULUS_ANONYMOUS_REQUESTS_PER_MINUTE: '0',
      REDIS_URL: '',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('GraphQL on')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before it listened: ${output}`)));
  });
  child.stdout!.resume();
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    rssMb: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
