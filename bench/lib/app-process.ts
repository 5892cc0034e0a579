import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface AppProcess {
  baseUrl: string;
  pid: number;
  /** Resident memory of the process in MB, read from /proc. */
  rssMb(): number;
  stop(): Promise<void>;
}

/** Starts the built app (`dist/src/main.js`) as its own process, as production runs it. */
export function startAppProcess(env: Record<string, string>): Promise<AppProcess> {
  const main = path.resolve('dist/src/main.js');
  const child: ChildProcess = spawn(process.execPath, [main], {
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

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round(kb / 1024);
}
