// What the benchmarks ran on, recorded with every result file: CPU model (from /proc/cpuinfo
// where it exists), cores, memory, load, Node version, OS and the date.
import { readFileSync } from 'node:fs';
import os from 'node:os';

function cpuModel() {
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const line = info.split('\n').find((l) => /^model name\s*:/.test(l));
    if (line) return line.split(':').slice(1).join(':').trim();
  } catch {
    // Not Linux: fall through to what the runtime reports.
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

export function machineInfo() {
  return {
    cpu: cpuModel(),
    cores: os.availableParallelism?.() ?? os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: os.loadavg().map((value) => Math.round(value * 100) / 100),
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
  };
}

/** Local calendar date as YYYY-MM-DD, the name of the day's result files. */
export function dateStamp(date = new Date()) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
