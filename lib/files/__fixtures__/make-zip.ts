import yazl from "yazl";

export interface FixtureEntry {
  name: string;
  data: string | Buffer;
  compress?: boolean;
  mode?: number;
}

/** Builds a ZIP in memory; entries are stored unless `compress` is set. */
export async function makeZip(entries: FixtureEntry[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const entry of entries) {
    const data = typeof entry.data === "string" ? Buffer.from(entry.data) : entry.data;
    zip.addBuffer(data, entry.name, { compress: entry.compress ?? false, ...(entry.mode ? { mode: entry.mode } : {}) });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;

/** Header field offsets (APPNOTE 4.3.7 local, 4.3.12 central). */
const OFFSETS = {
  local: { flags: 6, method: 8, compressedSize: 18, size: 22, nameLength: 26, name: 30 },
  central: { flags: 8, method: 10, compressedSize: 20, size: 24, nameLength: 28, name: 46 },
} as const;

type Field = "flags" | "method" | "compressedSize" | "size";

function* headers(zip: Buffer, name: Buffer): Generator<{ at: number; kind: keyof typeof OFFSETS }> {
  for (let at = 0; at + 46 <= zip.length; at++) {
    const signature = zip.readUInt32LE(at);
    const kind = signature === LOCAL ? "local" : signature === CENTRAL ? "central" : undefined;
    if (!kind) continue;
    const o = OFFSETS[kind];
    const length = zip.readUInt16LE(at + o.nameLength);
    if (zip.subarray(at + o.name, at + o.name + length).equals(name)) yield { at, kind };
  }
}

/** Rewrites one header field of the entry `name`, in the local header, the central one, or both. */
export function patchEntry(zip: Buffer, name: string | Buffer, field: Field, value: number, where: "local" | "central" | "both" = "both"): Buffer {
  const out = Buffer.from(zip);
  for (const { at, kind } of [...headers(out, Buffer.from(name))]) {
    if (where !== "both" && where !== kind) continue;
    const offset = at + OFFSETS[kind][field];
    if (field === "flags" || field === "method") out.writeUInt16LE(value, offset);
    else out.writeUInt32LE(value, offset);
  }
  return out;
}

/** Replaces an entry's name bytes with raw bytes of the same length (names yazl refuses to write). */
export function renameEntry(zip: Buffer, placeholder: string, raw: Buffer): Buffer {
  const from = Buffer.from(placeholder);
  if (from.length !== raw.length) throw new Error("renameEntry needs names of equal byte length");
  const out = Buffer.from(zip);
  for (const { at, kind } of [...headers(out, from)]) raw.copy(out, at + OFFSETS[kind].name);
  return out;
}
