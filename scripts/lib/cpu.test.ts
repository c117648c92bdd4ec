import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parseCpuTotals, stealLine, stealMeter, treeCpuSeconds } from "./cpu";

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

describe("the hypervisor's share (steal) from /proc/stat", () => {
  const stat = (user: number, idle: number, steal: number) => `cpu  ${user} 0 10 ${idle} 0 0 0 ${steal} 40 0\ncpu0 1 2 3 4 5 6 7 8 9 10\nintr 1\n`;

  it("reads the machine's total and steal, guest time not counted twice", () => {
    expect(parseCpuTotals(stat(100, 500, 60))).toEqual({ total: 670, steal: 60 });
  });

  it("refuses a text without the machine's cpu line, or with a field that is not a number", () => {
    expect(parseCpuTotals("cpu0 1 2 3 4 5 6 7 8\n")).toBeNull();
    expect(parseCpuTotals("cpu  1 2 3 x 5 6 7 8\n")).toBeNull();
    expect(parseCpuTotals("cpu  1 2 3\n")).toBeNull();
  });

  it.skipIf(process.platform !== "linux")("gives a share between 0 and 1 once time has passed", () => {
    const share = stealMeter();
    burn(100);
    const measured = share();
    expect(measured).not.toBeNull();
    expect(measured).toBeGreaterThanOrEqual(0);
    expect(measured).toBeLessThanOrEqual(1);
  });

  it("says so when the share slows the figures", () => {
    expect(stealLine(0.5)).toMatch(/50 %.*slower than the code/);
    expect(stealLine(0.01)).not.toMatch(/slower/);
    expect(stealLine(null)).toMatch(/not measured/);
  });
});
