import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface AppProcess {
  baseUrl: string;
  pid: number;
  /** Resident memory of the process in MB, read from /proc. */
  rssMb(): number;
  stop(): Promise<void>;
}

/** The heap limit `npm start` and the Docker image run the app with. */
const PRODUCTION_NODE_ARGS = ['--max-old-space-size=512', '--max-semi-space-size=32'];

/**
 * Starts the built app (`dist/src/main.js`) as its own process, as production runs it. BENCH_APP_NODE_ARGS adds
 * flags to its node (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it, or another heap limit).
 */
export function startAppProcess(env: Record<string, string>): Promise<AppProcess> {
  const main = path.resolve('dist/src/main.js');
  const nodeArgs = (process.env.BENCH_APP_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...PRODUCTION_NODE_ARGS, ...nodeArgs, main], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', SEED_DEMO: 'false', NODE_ENV: 'development', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`app did not start:\n${output}`)), 60_000);
    const poll = setInterval(() => {
      const match = /running at (http:\/\/\S+)\/api\/v1/.exec(output);
      if (!match) return;
      clearInterval(poll);
      clearTimeout(timer);
      resolve({
        baseUrl: match[1]!.replace('localhost', '127.0.0.1'),
        pid: child.pid!,
        rssMb: () => rssMb(child.pid!),
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    }, 50);
    child.once('exit', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`app exited with ${code}:\n${output}`));
    });
  });
}

/** CPU time (user + system) the process has used so far, in milliseconds. */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/**
 * CPU time of a PostgreSQL server in milliseconds: its postmaster (pid from postmaster.pid in `pgData`) with the
 * backends that have exited, and the living backends.
 */
export function postgresCpuMs(pgData: string): number {
  const master = Number(readFileSync(`${pgData}/postmaster.pid`, 'utf8').split('\n')[0]);
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (Number(entry) === master) total += fields.slice(11, 15).reduce((sum, f) => sum + Number(f), 0);
      else if (Number(fields[1]) === master) total += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone meanwhile
    }
  }
  return (total * 1000) / CLOCK_TICKS;
}

/** Linux reports CPU time in ticks of 1/100 s. */
const CLOCK_TICKS = 100;

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round(kb / 1024);
}
