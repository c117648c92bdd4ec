import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import iconv from "iconv-lite";
import { afterAll, describe, expect, it } from "vitest";
import { makeZip, patchEntry, renameEntry } from "@/lib/files/__fixtures__/make-zip";
import { extractEntries, inspectPackage, isSafeEntryName, readPackageFiles } from "./read-package";

const tempDirs: string[] = [];
afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function toFile(bytes: Buffer): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "acta-package-"));
  tempDirs.push(dir);
  const file = path.join(dir, "upload.zip");
  await writeFile(file, bytes);
  return file;
}

async function drain(content: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of content) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const codes = (problems: { code: string }[]) => problems.map((p) => p.code);

describe("isSafeEntryName", () => {
  it.each(["../etc/passwd", "a/../../b", "/etc/passwd", "C:/Windows/x", "c:evil", "a\\..\\b", "a\u0000b", ""])("rejects %j", (name) => {
    expect(isSafeEntryName(name)).toBe(false);
  });
  it.each(["凭证类会计档案/3月会计凭证/记-12/发票.ofd", "a/b..c/d", "..hidden", "dir/"])("accepts %j", (name) => {
    expect(isSafeEntryName(name)).toBe(true);
  });
});

describe("inspectPackage", () => {
  it("lists files with sizes and skips directory entries", async () => {
    const zip = await makeZip([
      { name: "vouchers.csv", data: "a,b\n1,2\n" },
      { name: "3月会计凭证/记-12/发票.ofd", data: "x".repeat(5000), compress: true },
    ]);
    const result = await inspectPackage(await toFile(zip));
    expect(result.ok).toBe(true);
    expect(result.problems).toEqual([]);
    expect(result.entries).toHaveLength(2);
    expect(result.entries[0]).toEqual({ name: "vouchers.csv", size: 8, compressedSize: 8 });
    expect(result.entries[1]?.name).toBe("3月会计凭证/记-12/发票.ofd");
    expect(result.entries[1]?.size).toBe(5000);
    expect(result.entries[1]?.compressedSize).toBeLessThan(100);
  });

  it("accepts in-memory bytes as well as a path", async () => {
    const result = await inspectPackage(await makeZip([{ name: "a.txt", data: "hi" }]));
    expect(result.entries.map((e) => e.name)).toEqual(["a.txt"]);
  });

  it.each([
    ["../evil.txt", "xx/evil.txt"],
    ["/etc/passwd", "xetc/passwd"],
    ["C:/boot.ini", "Cx/boot.ini"],
    ["a\\..\\b.txt", "abcd/e.txt"],
  ])("refuses %j as package.unsafe_path", async (unsafe, placeholder) => {
    const zip = renameEntry(await makeZip([{ name: placeholder, data: "x" }]), placeholder, Buffer.from(unsafe));
    const result = await inspectPackage(zip);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ code: "package.unsafe_path", params: { name: unsafe } }]);
  });

  it("decodes unflagged GB18030 names from Chinese Windows tools", async () => {
    const name = "3月会计凭证/记-12/发票.pdf";
    const raw = iconv.encode(name, "gb18030");
    const placeholder = "p".repeat(raw.length);
    const zip = patchRawFlags(renameEntry(await makeZip([{ name: placeholder, data: "x" }]), placeholder, raw), raw);
    const result = await inspectPackage(zip);
    expect(result.problems).toEqual([]);
    expect(result.entries.map((e) => e.name)).toEqual([name]);
  });

  it("reads unflagged UTF-8 names (macOS, Linux zip) as UTF-8", async () => {
    const name = "记-12/银行回单.pdf";
    const zip = patchRawFlags(await makeZip([{ name, data: "x" }]), Buffer.from(name));
    expect((await inspectPackage(zip)).entries.map((e) => e.name)).toEqual([name]);
  });

  it("refuses a flagged UTF-8 name that is not UTF-8", async () => {
    const zip = renameEntry(await makeZip([{ name: "ab.txt", data: "x" }]), "ab.txt", Buffer.from([0xc3, 0x28, 0x2e, 0x74, 0x78, 0x74]));
    const result = await inspectPackage(zip);
    expect(result.problems).toEqual([{ code: "package.bad_file_name", params: { name: "c3282e747874" } }]);
  });

  it("refuses encrypted entries and proprietary compression (DA/T 70 3-8)", async () => {
    let zip = await makeZip([
      { name: "secret.pdf", data: "x" },
      { name: "odd.bin", data: "y" },
    ]);
    zip = patchEntry(zip, "secret.pdf", "flags", 0x801);
    zip = patchEntry(zip, "odd.bin", "method", 12);
    const result = await inspectPackage(zip);
    expect(result.problems).toEqual([
      { code: "package.encrypted_entry", params: { name: "secret.pdf" } },
      { code: "package.unsupported_compression", params: { name: "odd.bin", method: 12 } },
    ]);
  });

  it("refuses symbolic links", async () => {
    const zip = await makeZip([{ name: "link", data: "/etc/passwd", mode: 0o120777 }]);
    expect(codes((await inspectPackage(zip)).problems)).toEqual(["package.unsafe_entry_type"]);
  });

  it("refuses two entries with the same name", async () => {
    const zip = await makeZip([
      { name: "a.csv", data: "1" },
      { name: "a.csv", data: "2" },
    ]);
    expect((await inspectPackage(zip)).problems).toEqual([{ code: "package.duplicate_entry", params: { name: "a.csv" } }]);
  });

  it("refuses a highly compressed entry above the ratio threshold before inflating it", async () => {
    const zip = await makeZip([{ name: "bomb.txt", data: Buffer.alloc(2 * 1024 * 1024), compress: true }]);
    const result = await inspectPackage(zip);
    expect(codes(result.problems)).toEqual(["package.suspicious_ratio"]);
    expect(result.problems[0]?.params?.limit).toBe(200);
    expect(Number(result.problems[0]?.params?.ratio)).toBeGreaterThan(200);
  });

  it("tolerates high ratios on small entries", async () => {
    const zip = await makeZip([{ name: "zeros.txt", data: Buffer.alloc(500_000), compress: true }]);
    expect((await inspectPackage(zip)).ok).toBe(true);
  });

  it("enforces the total size and entry count limits", async () => {
    const zip = await makeZip([
      { name: "a.txt", data: "x".repeat(600) },
      { name: "b.txt", data: "y".repeat(600) },
    ]);
    expect((await inspectPackage(zip, { maxTotalSize: 1000 })).problems).toEqual([{ code: "package.too_large", params: { size: 1200, limit: 1000 } }]);
    expect((await inspectPackage(zip, { maxEntries: 1 })).problems).toEqual([{ code: "package.too_many_entries", params: { count: 2, limit: 1 } }]);
  });

  it("reports a file that is not a ZIP", async () => {
    expect((await inspectPackage(Buffer.from("not a zip at all"))).problems).toEqual([{ code: "package.unreadable" }]);
  });
});

/** Clears the UTF-8 flag (bit 11) on the headers whose name bytes are `raw`. */
function patchRawFlags(zip: Buffer, raw: Buffer): Buffer {
  const patched = patchEntry(zip, raw, "flags", 0);
  if (patched.equals(zip)) throw new Error("no header carries that name");
  return patched;
}

describe("extractEntries", () => {
  it("streams every file in order after inspection passes", async () => {
    const zip = await makeZip([
      { name: "vouchers.csv", data: "凭证字,凭证号\n记,12\n" },
      { name: "记-12/invoice.xml", data: "<a/>".repeat(400), compress: true },
    ]);
    const seen: [string, string][] = [];
    const result = await extractEntries(await toFile(zip), async (name, content) => {
      seen.push([name, await drain(content)]);
    });
    expect(result).toEqual({ ok: true, value: { files: 2, bytes: Buffer.byteLength("凭证字,凭证号\n记,12\n") + 1600 } });
    expect(seen).toEqual([
      ["vouchers.csv", "凭证字,凭证号\n记,12\n"],
      ["记-12/invoice.xml", "<a/>".repeat(400)],
    ]);
  });

  it("calls the handler for nothing when any entry is unsafe", async () => {
    const zip = renameEntry(await makeZip([{ name: "ok.txt", data: "1" }, { name: "xx/x.txt", data: "2" }]), "xx/x.txt", Buffer.from("../x.txt"));
    const names: string[] = [];
    const result = await extractEntries(zip, async (name, content) => {
      names.push(name);
      await drain(content);
    });
    expect(result).toEqual({ ok: false, error: { code: "package.unsafe_path", params: { name: "../x.txt" } } });
    expect(names).toEqual([]);
  });

  it("aborts when an entry inflates beyond its declared size", async () => {
    const real = 3 * 1024 * 1024;
    let zip = await makeZip([{ name: "liar.bin", data: Buffer.alloc(real, 7), compress: true }]);
    zip = patchEntry(zip, "liar.bin", "size", 1000);
    const result = await extractEntries(zip, async (_name, content) => {
      await drain(content).catch(() => undefined);
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe("package.size_mismatch");
  });

  it("aborts when the inflated total passes the limit even if declared sizes fit", async () => {
    let zip = await makeZip([
      { name: "a.bin", data: Buffer.alloc(4000, 1), compress: true },
      { name: "b.bin", data: Buffer.alloc(4000, 2), compress: true },
    ]);
    zip = patchEntry(zip, "b.bin", "size", 10, "central");
    const result = await extractEntries(zip, async (_name, content) => {
      await drain(content).catch(() => undefined);
    }, { maxTotalSize: 5000, ratioThreshold: 1e9 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(["package.size_mismatch", "package.too_large"]).toContain(result.error.code);
  });
});

describe("readPackageFiles", () => {
  it("returns every file's bytes", async () => {
    const files = await readPackageFiles(await makeZip([{ name: "OFD.xml", data: "<ofd/>" }]));
    expect(files.ok && files.value.get("OFD.xml")?.toString()).toBe("<ofd/>");
  });
});
