import { describe, expect, it } from "vitest";
import { multipartBoundary, multipartFile } from "./multipart-file";

async function* chunked(body: Buffer, size: number) {
  for (let i = 0; i < body.length; i += size) yield body.subarray(i, i + size);
}

const collect = async (stream: AsyncIterable<unknown>) => {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
};

function form(boundary: string, parts: { name: string; fileName?: string; data: Buffer }[]) {
  const pieces: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.fileName !== undefined ? `; filename="${p.fileName}"` : ""}`;
    pieces.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: application/octet-stream\r\n\r\n`, "utf8"), p.data, Buffer.from("\r\n"));
  }
  pieces.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(pieces);
}

describe("multipartFile", () => {
  it("reads the boundary from the content type", () => {
    expect(multipartBoundary('multipart/form-data; boundary="ab c"')).toBe("ab c");
    expect(multipartBoundary("multipart/form-data; boundary=----x1")).toBe("----x1");
    expect(multipartBoundary("application/json")).toBeNull();
  });

  it("streams the file field byte-exact whatever the chunking, with a Chinese name, and the text fields sent before it", async () => {
    const data = Buffer.concat([Buffer.from("凭证字,凭证号\r\n--not-the-boundary\r\n"), Buffer.alloc(70_000, 7), Buffer.from("\r\n--b")]);
    const body = form("B0undary", [
      { name: "note", data: Buffer.from('{"列":"凭证号"}') },
      { name: "huge", data: Buffer.alloc(70_000, 0x61) },
      { name: "file", fileName: "凭证 2024.csv", data },
      { name: "after", data: Buffer.from("too late") },
    ]);
    for (const size of [1, 7, 4096, body.length]) {
      const file = await multipartFile(chunked(body, size), "B0undary");
      expect(file?.fileName).toBe("凭证 2024.csv");
      // Options larger than any option could be are dropped, not buffered.
      expect(file?.fields).toEqual({ note: '{"列":"凭证号"}' });
      expect((await collect(file!.content)).equals(data)).toBe(true);
    }
  });

  it("answers null without the field and errors the stream on a cut body", async () => {
    expect(await multipartFile(chunked(form("b", [{ name: "other", fileName: "a.csv", data: Buffer.from("x") }]), 3), "b")).toBeNull();
    const cut = form("b", [{ name: "file", fileName: "a.csv", data: Buffer.alloc(1000, 1) }]).subarray(0, 500);
    const file = await multipartFile(chunked(cut, 64), "b");
    await expect(collect(file!.content)).rejects.toThrow(/ended inside/);
  });

  it("reads the body to its end after the file part instead of abandoning the request stream", async () => {
    const body = form("b", [
      { name: "file", fileName: "a.csv", data: Buffer.from("1,2,3") },
      { name: "after", data: Buffer.alloc(5000, 0x61) },
    ]);
    let finished = false;
    async function* sender() {
      yield* chunked(body, 16);
      yield Buffer.from("an epilogue the sender added");
      finished = true;
    }
    const file = await multipartFile(sender(), "b");
    expect((await collect(file!.content)).toString()).toBe("1,2,3");
    await expect.poll(() => finished).toBe(true);
  });
});
