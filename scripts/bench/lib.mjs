// Helpers for the benchmark: the build, child processes, ports, waiting and the database.
// Every wait here has a deadline, so a stuck step fails the run instead of hanging it.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createConnection } from 'mysql2/promise';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The MariaDB the benchmark uses; both servers get databases of their own on it. */
export const MARIADB = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };

export function mariadbUrl(database) {
  return `mariadb://${MARIADB.user}@${MARIADB.host}:${MARIADB.port}/${database}`;
}

// ---------------------------------------------------------------- build

/**
 * Compiles the server when server/dist is missing or older than any source file, so a run
 * always measures the code as it is now without paying for a build it does not need.
 */
export async function buildServerIfStale() {
  const output = join(REPO_ROOT, 'server', 'dist', 'main.js');
  const builtAt = mtimeOrZero(output);
  const inputs = [
    newestMtime(join(REPO_ROOT, 'server', 'src')),
    mtimeOrZero(join(REPO_ROOT, 'server', 'tsconfig.json')),
    mtimeOrZero(join(REPO_ROOT, 'server', 'tsconfig.build.json')),
    mtimeOrZero(join(REPO_ROOT, 'config', 'tsconfig.base.json')),
  ];
  if (builtAt > 0 && inputs.every((time) => time <= builtAt)) {
    log('server/dist is up to date');
    return;
  }
  log('building the server (npm run build -w server)');
  await runCommand('npm', ['run', 'build', '-w', 'server'], { timeoutMs: 5 * 60_000 });
}

function mtimeOrZero(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function newestMtime(folder) {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile())
      newest = Math.max(newest, mtimeOrZero(join(entry.parentPath ?? entry.path, entry.name)));
  }
  return newest;
}

/** Runs a command with the terminal attached; rejects on a non-zero exit or after timeoutMs. */
export function runCommand(command, args, { timeoutMs }) {
  return new Promise((resolvePromise, reject) => {
    // Its output goes to stderr with the progress: stdout holds only the report.
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ['ignore', process.stderr, process.stderr] });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} took longer than ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise();
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`));
    });
  });
}

// ---------------------------------------------------------------- ports

/**
 * Asks the OS for n free ports on 127.0.0.1. All are held open until every one is known, so the
 * same port is never handed out twice; a small race with other programs remains and is accepted.
 */
export async function freePorts(n) {
  const servers = [];
  try {
    for (let i = 0; i < n; i += 1) {
      const server = createServer();
      servers.push(server);
      await new Promise((resolvePromise, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolvePromise);
      });
    }
    return servers.map((server) => server.address().port);
  } finally {
    await Promise.all(servers.map((server) => new Promise((done) => server.close(() => done()))));
  }
}

// ---------------------------------------------------------------- child processes

const children = new Set();

/**
 * Starts `node <script>` and waits until GET healthUrl answers 200. Output is kept, not shown:
 * the last lines are printed if the process fails to start, and warning or error log lines
 * (pino JSON with level warn/error/fatal, or anything on stderr) are collected for the report.
 */
export async function startNodeProcess({ name, script, env, healthUrl, nodeArgs = [], timeoutMs = 60_000 }) {
  const lifeline = join(REPO_ROOT, 'scripts', 'bench', 'exit-with-parent.mjs');
  const child = spawn(process.execPath, [...nodeArgs, '--import', pathToFileURL(lifeline).href, script], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    // The IPC channel is how the child notices that this process has gone (see the preload).
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const handle = trackProcess(name, child);
  collectLines(child.stdout, (line) => keepLine(handle, line, false));
  collectLines(child.stderr, (line) => keepLine(handle, line, true));

  try {
    await waitForHttp(healthUrl, timeoutMs, () => handle.exited);
  } catch (error) {
    const output =
      handle.tail.length > 0 ? `\n--- last output of ${name} ---\n${handle.tail.join('\n')}` : '';
    throw new Error(`${name} did not start: ${error.message}${output}`);
  }
  return handle;
}

/**
 * Puts a child process under the run's care: stopAllProcesses() ends it, and so does this
 * process's exit, however it happens.
 */
export function trackProcess(name, child) {
  const handle = { name, child, tail: [], warnings: [], exited: null };
  children.add(handle);
  child.on('exit', (code, signal) => {
    handle.exited = signal ?? `exit ${code}`;
    children.delete(handle);
  });
  return handle;
}

export function collectLines(stream, onLine) {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const line of lines) if (line.trim() !== '') onLine(line);
  });
}

const TAIL_LINES = 40;
const MAX_WARNINGS = 200;

function keepLine(handle, line, fromStderr) {
  handle.tail.push(line);
  if (handle.tail.length > TAIL_LINES) handle.tail.shift();
  if ((fromStderr || isWarningLogLine(line)) && handle.warnings.length < MAX_WARNINGS)
    handle.warnings.push(line);
}

function isWarningLogLine(line) {
  if (!line.startsWith('{')) return false;
  try {
    const { level } = JSON.parse(line);
    return (
      level === 'warn' || level === 'error' || level === 'fatal' || (typeof level === 'number' && level >= 40)
    );
  } catch {
    return false;
  }
}

/** SIGTERM, then SIGKILL if the process has not exited after graceMs. */
export async function stopProcess(handle, graceMs = 5000) {
  if (handle.exited !== null) return;
  const exited = new Promise((done) => handle.child.once('exit', done));
  handle.child.kill('SIGTERM');
  const timer = setTimeout(() => handle.child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export async function stopAllProcesses() {
  await Promise.all([...children].map((handle) => stopProcess(handle)));
}

/**
 * Makes sure no child outlives this process: on Ctrl-C or SIGTERM they are stopped before
 * exiting, and the synchronous 'exit' hook kills whatever is still running (after a crash).
 * onInterrupt lets the caller stop a load run in progress.
 */
export function installCleanup(onInterrupt = () => {}) {
  const onSignal = (signal) => {
    log(`${signal}: stopping`);
    onInterrupt();
    const forced = setTimeout(() => process.exit(130), 8000);
    stopAllProcesses().finally(() => {
      clearTimeout(forced);
      process.exit(130);
    });
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.on('exit', () => {
    for (const handle of children) handle.child.kill('SIGKILL');
  });
}

// ---------------------------------------------------------------- waiting

/** Polls url until it answers 200; gives up after timeoutMs or as soon as hasExited() says why. */
export async function waitForHttp(url, timeoutMs, hasExited = () => null) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    const exited = hasExited();
    if (exited !== null) throw new Error(`the process ended (${exited})`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error.cause?.code ?? error.message;
    }
    await sleep(250);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s (last: ${last})`);
}

export function sleep(ms) {
  return new Promise((done) => setTimeout(done, ms));
}

// ---------------------------------------------------------------- database

/** Runs fn with one short-lived connection to the MariaDB server (no database selected). */
export async function withMariadb(fn) {
  const connection = await createConnection({ ...MARIADB, connectTimeout: 10_000 });
  try {
    return await fn(connection);
  } finally {
    await connection.end();
  }
}

/** Drops the named benchmark databases so each run starts from nothing. */
export async function dropDatabases(names) {
  await withMariadb(async (connection) => {
    for (const name of names) {
      if (!name.startsWith('smart_repair_bench'))
        throw new Error(`refusing to drop ${name}: not a benchmark database`);
      await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
    }
  });
}

export async function mariadbVersion() {
  return withMariadb(async (connection) => {
    const [rows] = await connection.query('SELECT VERSION() AS version');
    return rows[0].version;
  });
}

// ---------------------------------------------------------------- output

/** Progress goes to stderr so stdout holds only the report. */
export function log(message) {
  process.stderr.write(`bench: ${message}\n`);
}

/**
 * CPU time (user + system, in ms) a process has used so far, from /proc; null where there is no
 * /proc or the process is gone. Read around a run, it says what each request cost the process,
 * which the machine's load moves much less than it moves req/s.
 */
export function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself hold spaces: utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** Linux counts process time in ticks of 1/100 s. */
const CLOCK_TICKS = 100;

/** The pid of the local database server (mariadbd or mysqld), found in /proc; null if none. */
export function databasePid() {
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let name;
      try {
        name = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      } catch {
        continue;
      }
      if (name === 'mariadbd' || name === 'mysqld') return Number(entry);
    }
  } catch {
    // No /proc: no figure.
  }
  return null;
}
