import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isClamAvAvailable, scanFile } from "./clamav";

function onPath(binary: string): boolean {
  try {
    execFileSync(binary, ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const dir = mkdtempSync(path.join(tmpdir(), "acta-clamav-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ABSENT = { clamdscan: "acta-absent-clamdscan", clamscan: "acta-absent-clamscan" };

describe("scanFile without ClamAV", () => {
  it("reports the scanner unavailable, never clean", async () => {
    const file = path.join(dir, "plain.txt");
    writeFileSync(file, "hello");
    expect(await scanFile(file, ABSENT)).toEqual({ status: "unavailable", reason: "archive.check.scanner_missing" });
    expect(await isClamAvAvailable(ABSENT)).toBe(false);
  });

  it("treats a scanner that exits with an error code as failed", async () => {
    const file = path.join(dir, "plain2.txt");
    writeFileSync(file, "hello");
    // ClamAV exits 2 on errors (no daemon, unreadable database).
    const failing = path.join(dir, "exit2.sh");
    writeFileSync(failing, "#!/bin/sh\nexit 2\n", { mode: 0o755 });
    expect(await scanFile(file, { clamdscan: failing, clamscan: failing })).toEqual({ status: "unavailable", reason: "archive.check.scanner_failed" });
  });

  it("reads the signature name from an infected result", async () => {
    const file = path.join(dir, "fake.txt");
    writeFileSync(file, "x");
    const infected = path.join(dir, "infected.sh");
    writeFileSync(infected, `#!/bin/sh\nfor last; do :; done\necho "$last: Win.Test.EICAR_HDB-1 FOUND"\nexit 1\n`, { mode: 0o755 });
    const clean = path.join(dir, "clean.sh");
    writeFileSync(clean, "#!/bin/sh\nexit 0\n", { mode: 0o755 });
    expect(await scanFile(file, { clamdscan: infected, clamscan: clean })).toEqual({ status: "infected", signature: "Win.Test.EICAR_HDB-1" });
    expect(await scanFile(file, { ...ABSENT, clamscan: clean })).toEqual({ status: "clean" });
    expect(await isClamAvAvailable({ ...ABSENT, clamscan: clean })).toBe(true);
  });
});

describe.skipIf(!onPath("clamscan"))("scanFile with clamscan installed", () => {
  it("finds the EICAR test file", { timeout: 180_000 }, async () => {
    const file = path.join(dir, "eicar.com");
    // Assembled at run time so the repository itself carries no EICAR string.
    writeFileSync(file, ["X5O!P%@AP[4\\PZX54(P^)7CC)7}$", "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"].join(""));
    const result = await scanFile(file, { clamdscan: ABSENT.clamdscan });
    expect(result.status).toBe("infected");
  });
});
