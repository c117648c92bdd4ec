import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { machineLine, machineMeter, parseCpuTotals, treeCpuSeconds } from "./cpu";

/**
 * Works until this process has used `ms` of CPU. Not `ms` of wall time: on a loaded machine a busy loop
 * is descheduled for part of its wall time and would use less CPU than the test then expects.
 */
function burn(ms: number) {
  const used = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  const end = used() + ms;
  let x = 0;
  while (used() < end) for (let i = 0; i < 10_000; i++) x += Math.sqrt(x + 1);
  return x;
}

describe.skipIf(process.platform !== "linux")("CPU of a process tree from /proc", () => {
  it("counts this process's own work", () => {
    const before = treeCpuSeconds(process.pid)!;
    burn(300);
    expect(treeCpuSeconds(process.pid)! - before).toBeGreaterThanOrEqual(0.2);
  });

  it("counts a child's work after the child has ended", () => {
    const before = treeCpuSeconds(process.pid)!;
    // The child, too, works for 400 ms of its own CPU, however long the machine takes to give it them.
    const work = "const used = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; }; const e = used() + 400; let x = 0; while (used() < e) for (let i = 0; i < 10000; i++) x += Math.sqrt(x + 1);";
    const child = spawnSync(process.execPath, ["-e", work]);
    expect(child.status).toBe(0);
    expect(treeCpuSeconds(process.pid)! - before).toBeGreaterThanOrEqual(0.3);
  });

  it("answers null for a process that does not exist", () => {
    expect(treeCpuSeconds(2 ** 22 + 1)).toBeNull();
  });
});

describe("the machine's busy and stolen shares from /proc/stat", () => {
  const stat = (user: number, idle: number, iowait: number, steal: number) => `cpu  ${user} 0 10 ${idle} ${iowait} 0 0 ${steal} 40 0\ncpu0 1 2 3 4 5 6 7 8 9 10\nintr 1\n`;

  it("reads the machine's total, idle (waiting for disks included) and steal, guest time not counted twice", () => {
    expect(parseCpuTotals(stat(100, 500, 30, 60))).toEqual({ total: 700, idle: 530, steal: 60 });
  });

  it("refuses a text without the machine's cpu line, or with a field that is not a number", () => {
    expect(parseCpuTotals("cpu0 1 2 3 4 5 6 7 8\n")).toBeNull();
    expect(parseCpuTotals("cpu  1 2 3 x 5 6 7 8\n")).toBeNull();
    expect(parseCpuTotals("cpu  1 2 3\n")).toBeNull();
  });

  it.skipIf(process.platform !== "linux")("gives shares between 0 and 1 once time has passed, busy counting this process's work", () => {
    const shares = machineMeter();
    burn(100);
    const measured = shares();
    expect(measured).not.toBeNull();
    expect(measured!.busy).toBeGreaterThan(0);
    expect(measured!.busy).toBeLessThanOrEqual(1);
    expect(measured!.steal).toBeGreaterThanOrEqual(0);
    expect(measured!.steal).toBeLessThanOrEqual(1);
  });

  it("says when the cores were saturated or the hypervisor slowed the figures", () => {
    expect(machineLine({ busy: 0.97, steal: 0 }, 2)).toMatch(/busy 97 % of its 2 cores' time.*saturated/);
    expect(machineLine({ busy: 0.6, steal: 0 }, 2)).not.toMatch(/saturated|slower/);
    expect(machineLine({ busy: 0.6, steal: 0.5 }, 2)).toMatch(/hypervisor took 50 %.*slower than the code/);
    expect(machineLine({ busy: 0.6, steal: 0.01 }, 2)).toMatch(/hypervisor took 1 %/);
    expect(machineLine(null, 2)).toMatch(/not measured/);
  });
});
