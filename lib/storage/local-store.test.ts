import { mkdtemp, readFile, readdir, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createLocalStore } from "./local-store";

// What reaches the disk, in order: every file handle's sync and every rename, so the durability of a put can be
// checked without pulling the power. The real functions still do the work.
const diskLog: string[] = [];
// Set to an errno to play a file system that refuses to sync folders (some network and FUSE file systems do).
const folderSync: { refuse: string | null } = { refuse: null };
// Set to play a file deleted just after the store looked for it.
const goneAfterCheck = { on: false };
vi.mock("node:fs/promises", async (original) => {
  const fs = await original<typeof import("node:fs/promises")>();
  return {
    ...fs,
    open: async (...args: Parameters<typeof fs.open>) => {
      const handle = await fs.open(...args);
      const sync = handle.sync.bind(handle);
      const folder = (await handle.stat()).isDirectory();
      handle.sync = async () => {
        if (folder && folderSync.refuse) throw Object.assign(new Error(`${folderSync.refuse}: sync refused`), { code: folderSync.refuse });
        await sync();
        diskLog.push(`sync ${String(args[0])}`);
      };
      return handle;
    },
    access: async (...args: Parameters<typeof fs.access>) => {
      if (!goneAfterCheck.on) await fs.access(...args);
    },
    rename: async (from: string, to: string) => {
      await fs.rename(from, to);
      diskLog.push(`rename ${from} ${to}`);
    },
  };
});
beforeEach(() => {
  diskLog.length = 0;
  folderSync.refuse = null;
  goneAfterCheck.on = false;
});

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function store() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "acta-store-"));
  dirs.push(dir);
  return { dir, store: createLocalStore(dir) };
}

describe("local content-addressed store", () => {
  it("stores bytes under their SHA-256 with the SM3 digest, once", async () => {
    const { store: s } = await store();
    const a = await s.put(Buffer.from("abc"));
    expect(a.sha256).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(a.sm3).toBe("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
    expect(a.size).toBe(3);
    const b = await s.put(Readable.from([Buffer.from("a"), Buffer.from("bc")]));
    expect(b.storageKey).toBe(a.storageKey);
    const chunks: Buffer[] = [];
    for await (const c of await s.open(a.storageKey)) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe("abc");
  });

  it("recomputes digests for fixity and notices corruption and loss", async () => {
    const { dir, store: s } = await store();
    const a = await s.put(Buffer.from("原始凭证"));
    expect((await s.digest(a.storageKey))?.sha256).toBe(a.sha256);
    await writeFile(path.join(dir, a.storageKey), "tampered");
    expect((await s.digest(a.storageKey))?.sha256).not.toBe(a.sha256);
    await s.remove(a.storageKey);
    expect(await s.digest(a.storageKey)).toBeNull();
  });

  it("reports a file deleted while it is being checked as gone, not as a read error", async () => {
    const { store: s } = await store();
    const a = await s.put(Buffer.from("会计账簿"));
    await s.remove(a.storageKey);
    goneAfterCheck.on = true;
    expect(await s.digest(a.storageKey)).toBeNull();
  });

  it("refuses keys that climb out of the store", async () => {
    const { store: s } = await store();
    await expect(s.open("../../etc/passwd")).rejects.toThrow(/outside the store/);
  });

  it("leaves nothing behind when the source fails midway", async () => {
    const { dir, store: s } = await store();
    const failing = new Readable({
      read() {
        this.destroy(new Error("connection reset"));
      },
    });
    await expect(s.put(failing)).rejects.toThrow(/connection reset/);
    expect(await readdir(path.join(dir, "tmp"))).toEqual([]);
  });

  it("has the bytes and their name on disk before it reports them stored", async () => {
    const { dir, store: s } = await store();
    const a = await s.put(Buffer.from("记账凭证 第1号"));
    const target = path.join(dir, a.storageKey);
    const renamed = diskLog.findIndex((e) => e.startsWith("rename ") && e.endsWith(` ${target}`));
    expect(renamed).toBeGreaterThan(-1);
    const tmp = diskLog[renamed]!.split(" ")[1]!;
    // The bytes are synced before they get the final name, or a crash could leave an empty file under it.
    expect(diskLog.slice(0, renamed)).toContain(`sync ${tmp}`);
    // The new name, and each folder made for it, synced afterwards, or a crash could lose the file the database names.
    const after = diskLog.slice(renamed + 1);
    for (const folder of ["sha256", path.dirname(path.dirname(a.storageKey)), path.dirname(a.storageKey)]) {
      expect(after).toContain(`sync ${path.join(dir, folder)}`);
    }
  });

  it("still stores on a file system that cannot sync folders, as PostgreSQL does there", async () => {
    const { dir, store: s } = await store();
    folderSync.refuse = "EINVAL";
    const a = await s.put(Buffer.from("银行回单"));
    expect((await readFile(path.join(dir, a.storageKey))).toString()).toBe("银行回单");
    // Any other failure to sync is a real one: the put fails rather than claim bytes it cannot vouch for.
    folderSync.refuse = "EIO";
    await expect(s.put(Buffer.from("对账单"))).rejects.toThrow(/EIO/);
  });

  it("repairs a damaged object when the same bytes arrive again", async () => {
    const { dir, store: s } = await store();
    const bytes = Buffer.from("原始凭证：增值税电子普通发票");
    const a = await s.put(bytes);
    // What a crash before the bytes reached the disk, or a bad sector, leaves under the key.
    await writeFile(path.join(dir, a.storageKey), bytes.subarray(0, 5));
    const b = await s.put(bytes);
    expect(b).toEqual(a);
    expect(await readFile(path.join(dir, a.storageKey))).toEqual(bytes);
    expect(await readdir(path.join(dir, "tmp"))).toEqual([]);
  });

  it("clears temporary files a crashed upload left behind, and only those", async () => {
    const { dir, store: s } = await store();
    await s.put(Buffer.from("first"));
    const stale = path.join(dir, "tmp", "0123456789abcdef01234567");
    const live = path.join(dir, "tmp", "89abcdef0123456789abcdef");
    await writeFile(stale, "half an upload");
    await writeFile(live, "an upload still arriving");
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    await utimes(stale, twoDaysAgo, twoDaysAgo);
    await s.put(Buffer.from("second"));
    expect(await readdir(path.join(dir, "tmp"))).toEqual([path.basename(live)]);
  });
});

describe("local store availability", () => {
  it("tells a store in place from a data folder that is not mounted, not there, or holds no store", async () => {
    const { dir, store: s } = await store();
    // A fresh installation has stored nothing yet: an empty folder is a usable store.
    expect(await s.availability({ expectObjects: false })).toEqual({ available: true });
    // Files are on record, but the folder holds none of the store's layout: what an unmounted disk looks like.
    expect(await s.availability({ expectObjects: true })).toEqual({ available: false, reason: "layout_missing", location: dir });
    await s.put(Buffer.from("凭证"));
    expect(await s.availability({ expectObjects: true })).toEqual({ available: true });

    const gone = path.join(dir, "not-there");
    expect(await createLocalStore(gone).availability({ expectObjects: true })).toEqual({ available: false, reason: "root_missing", location: gone });
    const file = path.join(dir, "a-file");
    await writeFile(file, "not a folder");
    expect(await createLocalStore(file).availability({ expectObjects: false })).toEqual({ available: false, reason: "root_missing", location: file });
  });
});
