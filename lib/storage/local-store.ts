import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { access, mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { sync, syncFolder } from "./fsync";
import type { ObjectStore, StoreAvailability, StoredObject } from "./types";

/** A temporary file untouched this long belongs to an upload that died with its process: no live upload pauses a day. */
const STALE_TMP_MS = 24 * 60 * 60 * 1000;

/** The folder every object lives under; its absence, while objects are on record, means this is not the store. */
const OBJECTS_DIR = "sha256";

function keyFor(sha256: string) {
  return `${OBJECTS_DIR}/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

/**
 * Content-addressed files under a root folder. Bytes are written to a temporary file, synced, and renamed into
 * place only when complete, so a crash never leaves a half-written object under a real key.
 */
export function createLocalStore(root: string): ObjectStore {
  const abs = (key: string) => {
    const p = path.resolve(root, key);
    if (!p.startsWith(path.resolve(root) + path.sep)) throw new Error(`storage key outside the store: ${key}`);
    return p;
  };

  async function hashFile(file: string) {
    const sha = createHash("sha256");
    const sm3 = createHash("sm3");
    let size = 0;
    for await (const chunk of createReadStream(file)) {
      sha.update(chunk as Buffer);
      sm3.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    return { size, sha256: sha.digest("hex"), sm3: sm3.digest("hex") };
  }

  return {
    kind: "local",
    async put(source): Promise<StoredObject> {
      const tmpDir = path.join(root, "tmp");
      await mkdir(tmpDir, { recursive: true });
      await sweepStale(tmpDir);
      const tmp = path.join(tmpDir, randomBytes(12).toString("hex"));
      const sha = createHash("sha256");
      const sm3 = createHash("sm3");
      let size = 0;
      const tap = new Transform({
        transform(chunk: Buffer, _enc, done) {
          sha.update(chunk);
          sm3.update(chunk);
          size += chunk.length;
          done(null, chunk);
        },
      });
      const input = source instanceof Uint8Array ? Readable.from([Buffer.from(source)]) : source;
      try {
        await pipeline(input, tap, createWriteStream(tmp, { flags: "wx", mode: 0o640 }));
        // Without this the rename can reach the disk before the bytes do, and a crash leaves an empty or
        // truncated file under the final key, which the database already names.
        await sync(tmp);
        const sha256 = sha.digest("hex");
        const storageKey = keyFor(sha256);
        const target = abs(storageKey);
        const folder = path.dirname(target);
        const made = await mkdir(folder, { recursive: true });
        // Equal bytes already stored are kept only while they still are those bytes: a copy a crash truncated or
        // a disk damaged is replaced by the good one just received, not the good one thrown away.
        const kept = await hashFile(target).catch(() => null);
        if (kept?.sha256 === sha256 && kept.size === size) await rm(tmp, { force: true });
        else {
          await rename(tmp, target);
          // The new name, and each folder made for it, must reach the disk too before the caller records the key.
          const top = made ? path.dirname(made) : folder;
          for (let dir = folder; ; dir = path.dirname(dir)) {
            await syncFolder(dir);
            if (dir === top) break;
          }
        }
        return { storageKey, size, sha256, sm3: sm3.digest("hex") };
      } catch (e) {
        await rm(tmp, { force: true });
        throw e;
      }
    },
    async open(storageKey) {
      const file = abs(storageKey);
      await stat(file);
      return createReadStream(file);
    },
    exists: (storageKey) => exists(abs(storageKey)),
    async digest(storageKey) {
      // Read straight away, not looked for first: a file deleted in between is gone, not a read error, which
      // the fixity audit counts as damage.
      return hashFile(abs(storageKey)).catch((e: unknown) => {
        if (["ENOENT", "ENOTDIR"].includes((e as NodeJS.ErrnoException).code ?? "")) return null;
        throw e;
      });
    },
    async availability({ expectObjects }): Promise<StoreAvailability> {
      const location = path.resolve(root);
      const code = (e: unknown) => (e as NodeJS.ErrnoException).code ?? "";
      const isDir = await stat(location).then(
        (s) => s.isDirectory(),
        (e: unknown) => (["ENOENT", "ENOTDIR"].includes(code(e)) ? false : ("unreadable" as const)),
      );
      if (isDir === "unreadable") return { available: false, reason: "unreadable", location };
      if (!isDir) return { available: false, reason: "root_missing", location };
      if (!expectObjects) return { available: true };
      // Listing, not only looking: a folder that exists but cannot be read fails every file just the same.
      const listed = await readdir(path.join(location, OBJECTS_DIR)).then(
        () => "ok" as const,
        (e: unknown) => (["ENOENT", "ENOTDIR"].includes(code(e)) ? ("layout_missing" as const) : ("unreadable" as const)),
      );
      return listed === "ok" ? { available: true } : { available: false, reason: listed, location };
    },
    async remove(storageKey) {
      await rm(abs(storageKey), { force: true });
    },
  };
}

/**
 * Removes what uploads cut off by a crash left in the temporary folder; a failed put cleans up after itself,
 * a killed process cannot, and over the years those halves would fill the disk the archive lives on.
 */
async function sweepStale(tmpDir: string) {
  const cutoff = Date.now() - STALE_TMP_MS;
  for (const name of await readdir(tmpDir)) {
    const file = path.join(tmpDir, name);
    // Another put may finish or sweep the same file meanwhile: a file gone already is no error.
    const mtime = await stat(file).then((s) => s.mtimeMs, () => null);
    if (mtime !== null && mtime < cutoff) await rm(file, { force: true });
  }
}

async function exists(file: string) {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
