import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { treeCpuSeconds } from "./cpu";

function burn(ms: number) {
  const end = performance.now() + ms;
  let x = 0;
  while (performance.now() < end) x += Math.sqrt(x + 1);
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
    const child = spawnSync(process.execPath, ["-e", "const e = Date.now() + 400; let x = 0; while (Date.now() < e) x += Math.sqrt(x + 1);"]);
    expect(child.status).toBe(0);
    expect(treeCpuSeconds(process.pid)! - before).toBeGreaterThanOrEqual(0.3);
  });

  it("answers null for a process that does not exist", () => {
    expect(treeCpuSeconds(2 ** 22 + 1)).toBeNull();
  });
});
