import { execFile } from "node:child_process";
import path from "node:path";

export type VirusScanResult =
  | { status: "clean" }
  | { status: "infected"; signature: string }
  | { status: "unavailable"; reason: "archive.check.scanner_missing" | "archive.check.scanner_failed" };

export interface ClamAvOptions {
  /** Binaries to run; the defaults are looked up on PATH. */
  clamdscan?: string;
  clamscan?: string;
  /** A full clamscan loads its signature database first, which takes tens of seconds. */
  timeoutMs?: number;
}

type Exit = { kind: "exited"; code: number; stdout: string } | { kind: "missing" } | { kind: "failed" };

function run(binary: string, args: readonly string[], timeoutMs: number): Promise<Exit> {
  return new Promise((resolve) => {
    execFile(binary, [...args], { timeout: timeoutMs, maxBuffer: 1024 * 1024 }, (error, stdout) => {
      if (!error) return resolve({ kind: "exited", code: 0, stdout });
      if (error.code === "ENOENT") return resolve({ kind: "missing" });
      return resolve(typeof error.code === "number" ? { kind: "exited", code: error.code, stdout } : { kind: "failed" });
    });
  });
}

/** "<path>: Win.Test.EICAR_HDB-1 FOUND" is how both clamscan and clamdscan name the signature. */
function signatureOf(stdout: string): string {
  return /:\s(.+?)\sFOUND\s*$/m.exec(stdout)?.[1] ?? "unknown";
}

/**
 * Scans one file with ClamAV (DA/T 70 item 4-2). The daemon client goes first because it answers in
 * milliseconds; when no daemon runs (exit 2) the standalone scanner is tried. Exit 0 is clean, 1 infected;
 * anything else, or no scanner at all, is "unavailable" so the check reports not performed, never clean.
 */
export async function scanFile(filePath: string, options: ClamAvOptions = {}): Promise<VirusScanResult> {
  // An absolute path can never be taken for an option, whatever the file is called.
  const target = path.resolve(filePath);
  const timeoutMs = options.timeoutMs ?? 120_000;
  let missing = 0;
  for (const [binary, args] of [
    [options.clamdscan ?? "clamdscan", ["--no-summary", "--fdpass", target]],
    [options.clamscan ?? "clamscan", ["--no-summary", target]],
  ] as const) {
    const exit = await run(binary, args, timeoutMs);
    if (exit.kind === "missing") missing += 1;
    if (exit.kind !== "exited") continue;
    if (exit.code === 0) return { status: "clean" };
    if (exit.code === 1) return { status: "infected", signature: signatureOf(exit.stdout) };
  }
  return { status: "unavailable", reason: missing === 2 ? "archive.check.scanner_missing" : "archive.check.scanner_failed" };
}

/** Whether a ClamAV scanner answers at all (DA/T 70 item 4-1). */
export async function isClamAvAvailable(options: ClamAvOptions = {}): Promise<boolean> {
  for (const binary of [options.clamdscan ?? "clamdscan", options.clamscan ?? "clamscan"]) {
    const exit = await run(binary, ["--version"], options.timeoutMs ?? 10_000);
    if (exit.kind === "exited" && exit.code === 0) return true;
  }
  return false;
}
