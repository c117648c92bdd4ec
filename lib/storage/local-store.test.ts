import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { createLocalStore } from "./local-store";

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
    const { readdir } = await import("node:fs/promises");
    expect(await readdir(path.join(dir, "tmp"))).toEqual([]);
  });
});
