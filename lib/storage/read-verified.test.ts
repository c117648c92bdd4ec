import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import { DigestMismatchError, readVerified } from "./read-verified";

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const chunked = (b: Buffer, size = 4) => Readable.from(Array.from({ length: Math.ceil(b.length / size) }, (_, i) => b.subarray(i * size, (i + 1) * size)));

/** Reads what a client would get before the stream ends or fails. */
async function receive(stream: Readable) {
  const got: Buffer[] = [];
  try {
    for await (const chunk of stream) got.push(chunk as Buffer);
    return { bytes: Buffer.concat(got), error: null };
  } catch (error) {
    return { bytes: Buffer.concat(got), error };
  }
}

describe("readVerified", () => {
  const original = Buffer.from("记账凭证 第1号 借 管理费用 1000.25");
  const expected = { sha256: sha256(original), size: original.length };

  it("passes bytes that match through unchanged and calls nothing", async () => {
    const onMismatch = vi.fn(async () => {});
    const { bytes, error } = await receive(readVerified(chunked(original), expected, onMismatch));
    expect(error).toBeNull();
    expect(bytes).toEqual(original);
    expect(onMismatch).not.toHaveBeenCalled();
  });

  it.each([
    ["altered, same size", Buffer.from(original).fill(0x78, 5, 9)],
    ["cut short", original.subarray(0, original.length - 3)],
    ["grown", Buffer.concat([original, Buffer.from("appended")])],
  ])("never hands over all the bytes of a file %s, and reports what it found before failing", async (_, stored) => {
    const onMismatch = vi.fn(async () => {});
    const { bytes, error } = await receive(readVerified(chunked(stored), expected, onMismatch));
    expect(error).toBeInstanceOf(DigestMismatchError);
    expect(bytes.length).toBeLessThan(expected.size);
    expect(onMismatch).toHaveBeenCalledWith({ sha256: sha256(stored), size: stored.length });
  });

  it("counts bytes the store cannot read through as damaged", async () => {
    const onMismatch = vi.fn(async () => {});
    const failing = new Readable({
      read() {
        this.push(original.subarray(0, 4));
        this.destroy(Object.assign(new Error("EIO: i/o error, read"), { code: "EIO" }));
      },
    });
    const { error } = await receive(readVerified(failing, expected, onMismatch));
    expect(error).toBeInstanceOf(DigestMismatchError);
    expect(onMismatch).toHaveBeenCalledWith({ sha256: null, size: 4 });
  });

  it("holds no more than a chunk back, whatever the size of the file", async () => {
    const big = Buffer.alloc(1024 * 1024, 7);
    let read = 0;
    const source = Readable.from(
      (function* () {
        for (let at = 0; at < big.length; at += 1024) {
          read += 1024;
          yield big.subarray(at, at + 1024);
        }
      })(),
    );
    const stream = readVerified(source, { sha256: sha256(big), size: big.length }, async () => {});
    let received = 0;
    for await (const chunk of stream) {
      received += (chunk as Buffer).length;
      // Read ahead is the streams' own buffering, not the file: bounded however large the file.
      expect(read - received).toBeLessThanOrEqual(64 * 1024);
    }
    expect(received).toBe(big.length);
  });

  it("closes the store's stream when the reader goes away", async () => {
    const source = chunked(original);
    const stream = readVerified(source, expected, async () => {});
    for await (const _ of stream) break;
    await new Promise((r) => setImmediate(r));
    expect(source.destroyed).toBe(true);
  });
});
