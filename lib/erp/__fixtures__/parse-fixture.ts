import { createReadStream, readFileSync } from "node:fs";
import path from "node:path";
import { assembleVouchers } from "@/lib/erp/assemble-vouchers";
import type { ParseEvent } from "@/lib/erp/formats/types";
import { parseErpFile, type ParseErpFileInput } from "@/lib/erp/parse-file";

export const fixturePath = (relative: string) => path.join(import.meta.dirname, relative);
export const fixtureBytes = (relative: string) => readFileSync(fixturePath(relative));

/** Parses a fixture the way an upload arrives (a stream), then assembles it as the import job would. */
export async function parseFixture(relative: string, options: Omit<ParseErpFileInput, "source" | "fileName"> = {}) {
  const { detection, events } = await parseErpFile({ source: createReadStream(fixturePath(relative), { highWaterMark: 1024 }), fileName: path.basename(relative), ...options });
  const all: ParseEvent[] = [];
  for await (const e of events) all.push(e);
  const lines = all.flatMap((e) => (e.type === "line" ? [e] : []));
  const rowErrors = all.flatMap((e) => (e.type === "error" ? [e] : []));
  const leftOut = all.flatMap((e) => (e.type === "left_out" ? [e] : []));
  const assembled = assembleVouchers(lines);
  return { detection, lines, rowErrors, leftOut, vouchers: assembled.vouchers.map((v) => v.voucher), voucherErrors: assembled.errors };
}
