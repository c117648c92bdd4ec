import { randomBytes } from "node:crypto";
import { appendFile, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type AnchorFile, NO_ANCHOR_MAC, appendAnchor, parseAnchorLine, readAnchorLines, readLastAnchor, signAnchor } from "./anchor-file";

const dir = await mkdtemp(path.join(os.tmpdir(), "acta-anchor-file-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

const file = (name: string): AnchorFile => ({ path: path.join(dir, name), key: randomBytes(32) });
const body = (seq: number, prevMac: string) => ({ v: 1 as const, seq, anchoredAt: new Date(Date.UTC(2026, 11, 6, seq)).toISOString(), entryId: seq * 10, hash: "ab".repeat(32), count: seq * 9, prevMac });

async function lines(f: AnchorFile) {
  const out = [];
  for await (const l of readAnchorLines(f)) out.push(l);
  return out;
}

describe("the audit anchor file", () => {
  it("holds each anchor under its HMAC: a changed field, another key or a line that is no anchor fails", () => {
    const key = randomBytes(32);
    const anchor = signAnchor(body(1, NO_ANCHOR_MAC), key);
    const line = JSON.stringify(anchor);
    expect(parseAnchorLine(line, key)).toEqual(anchor);
    expect(parseAnchorLine(line.replace('"count":9', '"count":8'), key)).toBeNull();
    expect(parseAnchorLine(line, randomBytes(32))).toBeNull();
    expect(parseAnchorLine(JSON.stringify({ ...anchor, extra: 1 }), key)).toBeNull();
    expect(parseAnchorLine("{not json", key)).toBeNull();
  });

  it("appends line by line, reads the last one back, and leaves out an append cut off half-way", async () => {
    const f = file("anchors.jsonl");
    expect(await readLastAnchor(f)).toEqual({ last: "none", end: 0 });
    expect(await lines(f)).toEqual([]);
    const first = signAnchor(body(1, NO_ANCHOR_MAC), f.key);
    await appendAnchor(f, first, 0);
    const afterFirst = await readLastAnchor(f);
    expect(afterFirst.last).toEqual(first);
    const second = signAnchor(body(2, first.mac), f.key);
    await appendAnchor(f, second, afterFirst.end);

    // A crash in the middle of the next append: half a line, no newline. It is no anchor, and no forgery.
    await appendFile(f.path, JSON.stringify(signAnchor(body(3, second.mac), f.key)).slice(0, 40));
    expect(await lines(f)).toEqual([
      { line: 1, anchor: first },
      { line: 2, anchor: second },
    ]);
    const tail = await readLastAnchor(f);
    expect(tail.last).toEqual(second);
    // The next writer cuts the torn half off before its own line, which then stands on its own.
    const third = signAnchor(body(3, second.mac), f.key);
    await appendAnchor(f, third, tail.end);
    expect((await readFile(f.path, "utf8")).split("\n")).toHaveLength(4);
    expect((await lines(f)).map((l) => l.anchor?.seq)).toEqual([1, 2, 3]);
  });

  it("names a last line that fails its HMAC, so no writer links to it", async () => {
    const f = file("forged.jsonl");
    await appendAnchor(f, signAnchor(body(1, NO_ANCHOR_MAC), f.key), 0);
    await appendFile(f.path, `${JSON.stringify(signAnchor(body(2, NO_ANCHOR_MAC), randomBytes(32)))}\n`);
    expect((await readLastAnchor(f)).last).toBeNull();
    expect((await lines(f)).map((l) => l.anchor === null)).toEqual([false, true]);
  });
});
