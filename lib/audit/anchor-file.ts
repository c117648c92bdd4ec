import { createHmac, timingSafeEqual } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, stat } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { z } from "zod";
import { canonicalJson } from "@/lib/canonical-json";
import { deriveKey } from "@/lib/crypto/derive-key";
import { getEnv } from "@/lib/env";
import { syncFolder } from "@/lib/storage/fsync";

/**
 * The anchor file (ADR 0018): one line per anchored chain head, appended, never rewritten, outside the
 * database, each line authenticated with an HMAC under a key the database does not hold. Someone who can
 * rewrite the database can recompute every hash of the chain, but not an anchor line that names its old head.
 */
const ANCHOR_FILE = "audit-anchors.jsonl";

// Its own derivation label: a leak of the connector secrets' key reveals nothing about this one (lib/crypto/derive-key).
const PURPOSE = "acta/audit-anchor/v1";

/** The anchor before the first: the first line links to it. */
export const NO_ANCHOR_MAC = "0".repeat(64);

export interface AnchorFile {
  path: string;
  key: Buffer;
}

/** The file under ACTA_DATA_DIR, beside the stored files, and the key from the server's secret. */
export function anchorFile(): AnchorFile {
  return { path: path.resolve(getEnv().ACTA_DATA_DIR, ANCHOR_FILE), key: deriveKey(PURPOSE) };
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

const AnchorLine = z.strictObject({
  v: z.literal(1),
  seq: z.number().int().positive(),
  anchoredAt: z.iso.datetime(),
  entryId: z.number().int().positive(),
  hash: hex64,
  count: z.number().int().positive(),
  // The previous line's mac: a line taken out of the middle, or lines swapped, no longer link up.
  prevMac: hex64,
  mac: hex64,
});

export type Anchor = z.infer<typeof AnchorLine>;
type AnchorBody = Omit<Anchor, "mac">;

function macOf(body: AnchorBody, key: Buffer): string {
  return createHmac("sha256", key).update(canonicalJson(body)).digest("hex");
}

export function signAnchor(body: AnchorBody, key: Buffer): Anchor {
  return { ...body, mac: macOf(body, key) };
}

/** The anchor a line holds, or null when it is no line Acta wrote under this key (forged, damaged or foreign). */
export function parseAnchorLine(line: string, key: Buffer): Anchor | null {
  let parsed;
  try {
    parsed = AnchorLine.safeParse(JSON.parse(line));
  } catch {
    return null;
  }
  if (!parsed.success) return null;
  const { mac, ...body } = parsed.data;
  const good = Buffer.from(macOf(body, key), "hex");
  return timingSafeEqual(good, Buffer.from(mac, "hex")) ? parsed.data : null;
}

/**
 * Every line of the file in order, each with its anchor, or null when it fails its HMAC. Read line by line, never
 * whole, and only as far as the file reached when the read began. A last line without its newline is an append
 * still being written (or one a crash cut off, whose anchor the database never recorded): no anchor yet, and
 * no forgery. A missing file has no lines.
 */
export async function* readAnchorLines(file: AnchorFile): AsyncGenerator<{ line: number; anchor: Anchor | null }, void> {
  const size = await stat(file.path).then(
    (s) => s.size,
    (e: unknown) => {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return 0;
      throw e;
    },
  );
  if (size === 0) return;
  const input = createReadStream(file.path, { start: 0, end: size - 1 });
  let endsWithNewline = false;
  input.on("data", (chunk) => {
    endsWithNewline = (chunk as Buffer).at(-1) === 0x0a;
  });
  let line = 0;
  let pending: string | null = null;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    if (pending !== null) yield { line: ++line, anchor: parseAnchorLine(pending, file.key) };
    pending = text;
  }
  if (pending !== null && endsWithNewline) yield { line: ++line, anchor: parseAnchorLine(pending, file.key) };
}

/** Longer than any anchor line, so the last whole line is always within it. */
const TAIL_BYTES = 4096;

/**
 * The file's last complete line as an anchor (null when it fails its HMAC), "none" when the file holds no
 * line, and where that line ends: the writer cuts off a torn append after it before adding its own.
 */
export async function readLastAnchor(file: AnchorFile): Promise<{ last: Anchor | null | "none"; end: number }> {
  const handle = await open(file.path, "r").catch((e: unknown) => {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  });
  if (!handle) return { last: "none", end: 0 };
  try {
    const { size } = await handle.stat();
    const from = Math.max(0, size - TAIL_BYTES);
    const tail = Buffer.alloc(size - from);
    await handle.read(tail, 0, tail.length, from);
    const end = tail.lastIndexOf(0x0a);
    const start = end > 0 ? tail.lastIndexOf(0x0a, end - 1) + 1 : 0;
    if (from === 0 && end < 0) return { last: "none", end: 0 };
    // A last line that begins before the tail is longer than any anchor: not one Acta wrote.
    if (end < 0 || (start === 0 && from > 0)) return { last: null, end: size };
    return { last: parseAnchorLine(tail.subarray(start, end).toString("utf8"), file.key), end: from + end + 1 };
  } finally {
    await handle.close();
  }
}

/**
 * Appends one anchor and flushes it to the disk before returning, so the database never records an anchor the
 * file could lose in a crash. `end` is where the last complete line ends: anything after it is a torn append
 * of a crashed writer, never recorded anywhere, and is cut off first so the new line stands on its own.
 */
export async function appendAnchor(file: AnchorFile, anchor: Anchor, end: number): Promise<void> {
  await mkdir(path.dirname(file.path), { recursive: true });
  const handle = await open(file.path, "a", 0o640);
  try {
    const { size } = await handle.stat();
    if (size > end) await handle.truncate(end);
    await handle.write(`${canonicalJson(anchor)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  // A new file's name must reach the disk too, or a crash could lose the file the database already counts on.
  if (end === 0) await syncFolder(path.dirname(file.path));
}
