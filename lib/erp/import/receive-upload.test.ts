import { readdirSync } from "node:fs";
import os from "node:os";
import { describe, expect, it } from "vitest";
import { multipartFile } from "@/lib/http/multipart-file";
import { receiveUpload } from "./receive-upload";

async function* chunked(body: Buffer, size: number) {
  for (let i = 0; i < body.length; i += size) yield body.subarray(i, i + size);
}

const uploads = () => readdirSync(os.tmpdir()).filter((n) => n.startsWith("acta-upload-")).sort();

describe("receiveUpload", () => {
  it("refuses a multipart body cut off inside the file (a sender that stopped, or a broken client) as the caller's, storing nothing", async () => {
    const whole = Buffer.concat([Buffer.from('--b\r\nContent-Disposition: form-data; name="file"; filename="v.csv"\r\n\r\n'), Buffer.alloc(4000, 0x61), Buffer.from("\r\n--b--\r\n")]);
    const before = uploads();
    const file = await multipartFile(chunked(whole.subarray(0, 2000), 256), "b");
    expect(await receiveUpload(file!.content, "v.csv", 1 << 20)).toEqual({ ok: false, error: { code: "import.upload_incomplete" } });
    expect(uploads()).toEqual(before);
  });
});
