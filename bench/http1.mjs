// HTTP/1.1 server benchmark, side by side in one run: examples/hello.mjs (Windhover),
// node:http, a raw node:net server that parses nothing (the runtime's ceiling), Bun.serve and
// Deno.serve, each driven by wrk with 50 connections, plain and 16-deep pipelined; a 1 KiB
// POST echo against node:http; and the RSS of 1,000 idle keep-alive connections against
// node:http. Servers run on core 0 and wrk on core 1 (taskset) when both are available.
// Every server is checked for correct answers (pipelined ones included) before it is timed.
// Usage: node bench/http1.mjs [--quick]   (or through bench/run.mjs)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const HELLO = 'Hello, World!';
const CONNECTIONS = 50;
const PIPELINE = 16;
const IDLE_CONNECTIONS = 1000;

const has = (cmd, args = ['--version']) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
const HAS_TASKSET = has('taskset', ['-c', '0', 'true']) && (await import('node:os')).cpus().length >= 2;
const pin = (core, argv) => (HAS_TASKSET ? ['taskset', '-c', String(core), ...argv] : argv);

function binary(paths) {
  return paths.map((p) => join(ROOT, p)).find((p) => existsSync(p) && has(p));
}
const BUN = binary(['node_modules/.bin/bun', 'node_modules/bun/bin/bun.exe']);
const DENO = binary(['node_modules/.bin/deno', 'node_modules/deno/deno']);

/** Subjects of the hello benchmark: [name, argv]. */
function helloSubjects() {
  const node = process.execPath;
  const list = [
    ['windhover', [node, join(ROOT, 'examples/hello.mjs')]],
    ['node:http', [node, join(ROOT, 'bench/servers/node-http.mjs')]],
    ['raw node:net', [node, join(ROOT, 'bench/servers/raw-net.mjs')]],
  ];
  if (BUN) list.push(['Bun.serve', [BUN, join(ROOT, 'bench/servers/bun-serve.mjs')]]);
  if (DENO) list.push(['Deno.serve', [DENO, 'run', '--allow-net', '--allow-env', join(ROOT, 'bench/servers/deno-serve.mjs')]]);
  return list;
}

function freePort() {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Starts a server pinned to core 0; resolves once it prints its listening line. */
async function startServer(argv, env = {}) {
  const port = await freePort();
  const [cmd, ...args] = pin(0, argv);
  const child = spawn(cmd, args, { env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: String(port), NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const deadline = Date.now() + 20000;
  while (!out.includes('listening on')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server ${argv.join(' ')} did not start: ${out.slice(0, 500)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };
  return { child, port, stop };
}

/** Sends `payload` on a fresh socket and collects the reply until `done(text)` or a timeout. */
function exchange(port, payload, done, timeout = 3000) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => { socket.destroy(); reject(new Error(`no complete answer: ${JSON.stringify(text.slice(0, 300))}`)); }, timeout);
    socket.on('data', (d) => {
      text += d.toString('latin1');
      if (done(text)) { clearTimeout(timer); socket.destroy(); resolve(text); }
    });
    socket.on('error', (error) => { clearTimeout(timer); reject(error); });
    socket.write(payload);
  });
}

const countOf = (text, word) => text.split(word).length - 1;

/** Each subject must answer one request and a 16-deep pipeline correctly before timing. */
async function verifyHello(port) {
  const one = await exchange(port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', (t) => t.includes(HELLO));
  if (!/^HTTP\/1\.1 200 /.test(one)) throw new Error(`unexpected answer ${one.slice(0, 100)}`);
  const many = 'GET / HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(PIPELINE);
  await exchange(port, many, (t) => countOf(t, HELLO) === PIPELINE);
}

async function verifyEcho(port, body) {
  const text = await exchange(port, `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body}`, (t) => t.endsWith(body));
  if (!/^HTTP\/1\.1 200 /.test(text)) throw new Error(`unexpected echo answer ${text.slice(0, 100)}`);
}

/** Runs wrk pinned to core 1; returns requests per second. */
function wrk(port, seconds, script) {
  const args = ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`];
  if (script) args.push('-s', script);
  args.push(`http://127.0.0.1:${port}/`);
  const [cmd, ...rest] = pin(1, ['wrk', ...args]);
  const result = spawnSync(cmd, rest, { encoding: 'utf8', timeout: (seconds + 30) * 1000 });
  const match = /Requests\/sec:\s+([\d.]+)/.exec(result.stdout ?? '');
  if (!match) throw new Error(`wrk failed: ${result.stdout}${result.stderr}`);
  const errors = /Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)/.exec(result.stdout);
  return { rps: Number(match[1]), errors: errors ? errors[0] : null };
}

function scripts(dir) {
  const pipelined = join(dir, 'pipeline.lua');
  writeFileSync(pipelined, [
    'init = function(args)',
    '  local r = {}',
    `  for i = 1, ${PIPELINE} do r[i] = wrk.format(nil, "/") end`,
    '  req = table.concat(r)',
    'end',
    'request = function() return req end',
    '',
  ].join('\n'));
  const post = join(dir, 'post.lua');
  writeFileSync(post, ['wrk.method = "POST"', `wrk.body = string.rep("a", 1024)`,
    'wrk.headers["Content-Type"] = "application/octet-stream"', ''].join('\n'));
  return { pipelined, post };
}

/** User + system CPU seconds a process has used so far (Linux /proc). */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function rssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

/** Opens `count` keep-alive connections, one request each, and leaves them idle. */
async function idleConnections(port, count) {
  const sockets = [];
  for (let i = 0; i < count; i += 100) {
    const batch = Array.from({ length: Math.min(100, count - i) }, () => new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.on('error', reject);
      socket.on('data', (d) => { if (d.toString('latin1').includes(HELLO)) resolve(socket); });
      socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    }));
    sockets.push(...await Promise.all(batch));
  }
  return sockets;
}

async function measureIdle(argv) {
  const server = await startServer(argv);
  try {
    await verifyHello(server.port);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const before = rssMiB(server.child.pid);
    const sockets = await idleConnections(server.port, IDLE_CONNECTIONS);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const after = rssMiB(server.child.pid);
    for (const socket of sockets) socket.destroy();
    return { before, after };
  } finally {
    await server.stop();
  }
}

export async function run(opts = {}) {
  const log = opts.log ?? (() => {});
  if (!has('wrk', ['-v']) && spawnSync('wrk', ['-v']).error) throw new Error('wrk is not installed (apt-get install wrk)');
  const seconds = Number(opts.seconds ?? (opts.quick ? 2 : 5));
  const rounds = Number(opts.rounds ?? (opts.quick ? 1 : 3));
  const dir = mkdtempSync(join(tmpdir(), 'windhover-bench-'));
  const lua = scripts(dir);
  const notes = [
    `wrk -t1 -c${CONNECTIONS} -d${seconds}s, ${rounds} round(s) in rotating order, median; pipelined: ${PIPELINE} requests per write (Lua script).`,
    HAS_TASKSET ? 'Server pinned to core 0, wrk to core 1 (taskset).' : 'taskset or a second core missing: server and wrk not pinned.',
  ];
  if (!BUN) notes.push('Bun.serve skipped: the bun binary from the bun npm package does not run here.');
  if (!DENO) notes.push('Deno.serve skipped: the deno binary from the deno npm package does not run here.');
  const rows = [];
  try {
    // Every server runs for the whole measurement; rounds rotate the order of the subjects so
    // that drift and other load on a shared machine spread over all of them, and each cell is
    // the median of its rounds.
    const servers = [];
    try {
      for (const [subject, argv] of helloSubjects()) {
        const server = await startServer(argv);
        servers.push({ subject, server });
        await verifyHello(server.port);
        wrk(server.port, 1, null);
      }
      const samples = new Map();
      for (let round = 0; round < rounds; round++) {
        for (const [mix, script] of [['plain', null], [`pipelined x${PIPELINE}`, lua.pipelined]]) {
          for (let k = 0; k < servers.length; k++) {
            const { subject, server } = servers[(k + round) % servers.length];
            const cpuBefore = cpuSeconds(server.child.pid);
            const { rps, errors } = wrk(server.port, seconds, script);
            // Server CPU per request: less sensitive than req/s to other load on the machine.
            const cpuMicros = ((cpuSeconds(server.child.pid) - cpuBefore) * 1e6) / (rps * seconds);
            if (errors) notes.push(`${subject} ${mix} round ${round + 1}: wrk reported ${errors}`);
            const key = `${subject}|${mix}`;
            if (!samples.has(key)) samples.set(key, { subject, mix, rps: [], cpu: [] });
            samples.get(key).rps.push(rps);
            samples.get(key).cpu.push(cpuMicros);
            log(`http1: round ${round + 1} ${subject} ${mix}: ${Math.round(rps)} req/s, ${cpuMicros.toFixed(2)} µs CPU/request`);
          }
        }
      }
      for (const { subject, mix, rps, cpu } of samples.values()) {
        rows.push({ subject, mix, value: median(rps), cpuMicrosPerRequest: Math.round(median(cpu) * 100) / 100 });
      }
    } finally {
      for (const { server } of servers) await server.stop();
    }
    const echoRows = [];
    const body = 'a'.repeat(1024);
    for (const [subject, argv, env] of [
      ['windhover', [process.execPath, join(ROOT, 'bench/servers/windhover-echo.mjs')], {}],
      ['node:http', [process.execPath, join(ROOT, 'bench/servers/node-http.mjs')], { MODE: 'echo' }],
    ]) {
      const server = await startServer(argv, env);
      try {
        await verifyEcho(server.port, body);
        const { rps, errors } = wrk(server.port, seconds, lua.post);
        if (errors) notes.push(`${subject} echo: wrk reported ${errors}`);
        echoRows.push({ subject, mix: '1 KiB POST echo', value: rps });
        log(`http1: ${subject} echo: ${Math.round(rps)} req/s`);
      } finally {
        await server.stop();
      }
    }
    const rssRows = [];
    for (const [subject, argv] of helloSubjects().filter(([name]) => name === 'windhover' || name === 'node:http')) {
      const { before, after } = await measureIdle(argv);
      rssRows.push({ subject, mix: `${IDLE_CONNECTIONS} idle keep-alive connections`, value: after, before });
      log(`http1: ${subject} RSS ${before.toFixed(1)} → ${after.toFixed(1)} MiB`);
    }
    return [
      withRatios({ name: 'http1', title: 'HTTP/1.1 hello, wrk, 50 connections', unit: 'requests/s', anchor: 'node:http', rows, notes: [...notes, ...ceilingNotes(rows)] }),
      withRatios({ name: 'http1-echo', title: 'HTTP/1.1 1 KiB POST echo, wrk, 50 connections', unit: 'requests/s', anchor: 'node:http', rows: echoRows, notes: notes.slice(0, 2) }),
      withRatios({ name: 'http1-idle-rss', title: `Server RSS with ${IDLE_CONNECTIONS} idle keep-alive connections`, unit: 'MiB', anchor: 'node:http', rows: rssRows,
        notes: rssRows.map((r) => `${r.subject}: ${r.before.toFixed(1)} MiB after start, ${r.value.toFixed(1)} MiB with the connections open.`) }),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function withRatios(result) {
  for (const row of result.rows) {
    const anchor = result.rows.find((r) => r.mix === row.mix && r.subject === result.anchor);
    if (anchor) row.ratio = row.value / anchor.value;
  }
  return result;
}

function ceilingNotes(rows) {
  const out = [`Server CPU µs per request: ${rows.map((r) => `${r.subject} ${r.mix} ${r.cpuMicrosPerRequest}`).join('; ')}.`];
  for (const mix of [...new Set(rows.map((r) => r.mix))]) {
    const ceiling = rows.find((r) => r.mix === mix && r.subject === 'raw node:net');
    const ours = rows.find((r) => r.mix === mix && r.subject === 'windhover');
    if (ceiling && ours) out.push(`${mix}: windhover at ${(ours.value / ceiling.value).toFixed(2)}x the raw node:net ceiling.`);
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const results = await run({ quick: process.argv.includes('--quick'), log: (line) => console.error(line) });
  for (const result of results) {
    console.log(`\n## ${result.title} (${result.unit})`);
    for (const row of result.rows) console.log(`${row.mix.padEnd(34)} ${row.subject.padEnd(14)} ${row.value.toFixed(1).padStart(12)}${row.ratio ? `  ${row.ratio.toFixed(2)}x` : ''}`);
    for (const note of result.notes) console.log(`- ${note}`);
  }
}
