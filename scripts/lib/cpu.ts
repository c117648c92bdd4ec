import { readFileSync, readdirSync } from "node:fs";
import { availableParallelism } from "node:os";

/**
 * CPU time from Linux's /proc, for benchmarks that must say where a request's cost goes: on a small
 * machine the server, PostgreSQL and the load generator share the cores, so CPU per request, not
 * latency, tells what a bigger machine would gain. Null where /proc is missing (not Linux).
 */
interface ProcStat {
  pid: number;
  name: string;
  ppid: number;
  /** utime + stime, and the same of reaped children, in clock ticks. */
  own: number;
  reaped: number;
}

// USER_HZ: 100 on every Linux architecture Node supports; /proc reports in it whatever the kernel's HZ.
const TICKS_PER_SECOND = 100;

function readStat(pid: number): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The name is in parentheses and may itself hold spaces or parentheses: split after the last one.
    const close = text.lastIndexOf(")");
    const fields = text.slice(close + 2).split(" ");
    const n = (i: number) => Number(fields[i]);
    return { pid, name: text.slice(text.indexOf("(") + 1, close), ppid: n(1), own: n(11) + n(12), reaped: n(13) + n(14) };
  } catch {
    return null;
  }
}

function allStats(): ProcStat[] | null {
  let names: string[];
  try {
    names = readdirSync("/proc");
  } catch {
    return null;
  }
  return names.filter((n) => /^\d+$/.test(n)).flatMap((n) => readStat(Number(n)) ?? []);
}

/** Seconds of CPU used so far by `pid` and every process below it, those that ended included; null when `pid` is gone. */
export function treeCpuSeconds(pid: number): number | null {
  const stats = allStats();
  if (!stats?.some((s) => s.pid === pid)) return null;
  const below = new Set([pid]);
  // Parents precede children in no guaranteed order: widen until nothing joins.
  for (let grew = true; grew; ) {
    grew = false;
    for (const s of stats) {
      if (below.has(s.pid) || !below.has(s.ppid)) continue;
      below.add(s.pid);
      grew = true;
    }
  }
  const ticks = stats.filter((s) => below.has(s.pid)).reduce((sum, s) => sum + s.own + s.reaped, 0);
  return ticks / TICKS_PER_SECOND;
}

/**
 * Seconds of CPU used so far by every PostgreSQL process on this machine, backends that ended included
 * (their time is added to the postmaster's reaped time). A benchmark's own database is then most of it,
 * on a machine where nothing else runs queries meanwhile.
 */
export function postgresCpuSeconds(): number | null {
  const stats = allStats();
  if (!stats) return null;
  const pg = stats.filter((s) => s.name === "postgres");
  const pids = new Set(pg.map((s) => s.pid));
  // A postmaster's reaped time is its ended backends'; a backend's own reaped time is always zero.
  const ticks = pg.reduce((sum, s) => sum + s.own + (pids.has(s.ppid) ? 0 : s.reaped), 0);
  return ticks / TICKS_PER_SECOND;
}

interface CpuTotals {
  total: number;
  /** Time no core had work, waiting for disks (iowait) included. */
  idle: number;
  /** Time the hypervisor gave to other guests. */
  steal: number;
}

/** The machine's CPU time in clock ticks from /proc/stat's first line: all of it, the idle part and what the hypervisor took. */
export function parseCpuTotals(procStat: string): CpuTotals | null {
  const line = procStat.split("\n").find((l) => l.startsWith("cpu "));
  if (!line) return null;
  // user nice system idle iowait irq softirq steal guest guest_nice: guest time is already inside user.
  const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (fields.length < 8 || fields.some((n) => !Number.isFinite(n))) return null;
  return { total: fields.reduce((a, b) => a + b, 0), idle: fields[3]! + fields[4]!, steal: fields[7]! };
}

function cpuTotals(): CpuTotals | null {
  try {
    return parseCpuTotals(readFileSync("/proc/stat", "utf8"));
  } catch {
    return null;
  }
}

export interface MachineShares {
  /** Share of all cores' time spent working, by any process on the machine: near 1, the cores were the limit. */
  busy: number;
  /** Share the hypervisor took for other guests: on a shared virtual machine it slows every figure. */
  steal: number;
}

/**
 * Starts watching the machine: the returned function gives how busy its cores were since then and how
 * much the hypervisor took, or null where /proc is missing. A reader of a benchmark's figures must be
 * able to tell code that waits from a machine whose cores were all taken (by the server, PostgreSQL and
 * the load generator together) or stolen.
 */
export function machineMeter(): () => MachineShares | null {
  const before = cpuTotals();
  return () => {
    const after = cpuTotals();
    if (!before || !after || after.total <= before.total) return null;
    const total = after.total - before.total;
    const steal = after.steal - before.steal;
    return { busy: (total - (after.idle - before.idle) - steal) / total, steal: steal / total };
  };
}

// Above this the cores, not Acta's waiting, set the figures: what is left is scheduling slack.
const SATURATED = 0.9;

/** The shares in words, for a benchmark's output. */
export function machineLine(shares: MachineShares | null, cores = availableParallelism()): string {
  if (shares === null) return "machine: not measured (needs Linux's /proc)";
  const percent = (share: number) => `${(share * 100).toFixed(0)} %`;
  const busy = `busy ${percent(shares.busy)} of its ${cores} cores' time${shares.busy >= SATURATED ? " (saturated: a faster or larger machine, not waiting, bounds the figures above)" : ""}`;
  const steal = `the hypervisor took ${percent(shares.steal)}${shares.steal >= 0.05 ? ", so every figure above is slower than the code" : ""}`;
  return `machine meanwhile: ${busy}; ${steal}`;
}

/** Starts a measurement; the returned function gives milliseconds of CPU per unit of work since then. */
export function cpuMeter(serverPid: number): (units: number) => { serverMs: number; postgresMs: number } | null {
  const server0 = treeCpuSeconds(serverPid);
  const pg0 = postgresCpuSeconds();
  return (units) => {
    const server1 = treeCpuSeconds(serverPid);
    const pg1 = postgresCpuSeconds();
    if (server0 === null || pg0 === null || server1 === null || pg1 === null || units <= 0) return null;
    return { serverMs: ((server1 - server0) * 1000) / units, postgresMs: ((pg1 - pg0) * 1000) / units };
  };
}

/**
 * The figures in words, with the rate the machine's cores could give at that cost if nothing else ran:
 * the ceiling no tuning of latency can pass.
 */
export function cpuLine(unit: string, per: { serverMs: number; postgresMs: number } | null): string {
  if (!per) return `CPU per ${unit}: not measured (needs Linux's /proc)`;
  const cores = availableParallelism();
  const ceiling = (cores * 1000) / (per.serverMs + per.postgresMs);
  return `CPU per ${unit}: Acta's server ${per.serverMs.toFixed(2)} ms, PostgreSQL ${per.postgresMs.toFixed(2)} ms; ${cores} cores allow at most ${Math.round(ceiling)}/s at this cost`;
}
