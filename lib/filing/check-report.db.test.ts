import { and, asc, eq } from "drizzle-orm";
import type { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { auditEvents } from "@/db/schema";
import { makeArchiveFonds, makeVoucher, tempStore, noAntivirus } from "@/db/test/archive-factories";
import { contextFor, makeFonds, makeUser } from "@/db/test/factories";
import { testDb } from "@/db/test/setup";
import { exportCheckReport } from "./export-check-report";
import { pdfText } from "@/lib/pdf/__fixtures__/pdf-text";
import { runFilingChecks } from "./run-filing-checks";

const bytesOf = async (body: Readable) => Buffer.concat(await body.toArray());

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => Promise.all(cleanups.map((c) => c())));

describe("check report export", () => {
  it("lists every DA/T 70 item in XLSX and PDF, in the reader's language", async () => {
    const { db } = testDb();
    const { fonds, archivist } = await makeArchiveFonds(db);
    await makeVoucher(db, { fondsId: fonds.id, no: 1 });
    await makeVoucher(db, { fondsId: fonds.id, no: 3 });
    const s = await tempStore();
    cleanups.push(s.cleanup);
    const ctx = contextFor(db, archivist.actor);
    const run = await runFilingChecks(ctx, { fondsId: fonds.id, fiscalYear: 2024, period: 3 }, { store: s.store, antivirus: noAntivirus });
    if (!run.ok) throw new Error(run.error.code);

    const xlsx = await exportCheckReport(ctx, { runId: run.value.runId, format: "xlsx" });
    if (!xlsx.ok) throw new Error(xlsx.error.code);
    const xlsxBytes = await bytesOf(xlsx.value.body);
    expect(xlsxBytes.length).toBe(xlsx.value.size);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsxBytes as unknown as ArrayBuffer);
    const sheet = book.worksheets[1]!;
    const codes = new Set<string>();
    sheet.eachRow((row, n) => n > 1 && codes.add(String(row.getCell(1).value)));
    expect(codes.size).toBe(45);
    const gaps = [] as string[];
    sheet.eachRow((row) => String(row.getCell(1).value) === "2-6" && gaps.push(String(row.getCell(6).value)));
    expect(gaps.join()).toContain("缺号");
    // A result's outcome cell is coloured by its outcome, and no other cell is.
    const looks = new Map<string, Set<string>>();
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const fills = row.getCell(5).fill as ExcelJS.FillPattern | undefined;
      const key = String(row.getCell(5).value);
      looks.set(key, (looks.get(key) ?? new Set()).add(fills?.fgColor?.argb ?? "none"));
      for (const c of [1, 2, 3, 4, 6, 7]) expect((row.getCell(c).fill as ExcelJS.FillPattern | undefined)?.fgColor).toBeUndefined();
    });
    expect(looks.get("不通过")).toEqual(new Set(["FFFDE2E2"]));
    expect(looks.get("通过")).toEqual(new Set(["FFE8F5E9"]));
    expect(sheet.getRow(1).font?.bold).toBe(true);

    const en = await exportCheckReport(ctx, { runId: run.value.runId, format: "pdf", locale: "en" });
    const zh = await exportCheckReport(ctx, { runId: run.value.runId, format: "pdf" });
    if (!en.ok || !zh.ok) throw new Error("pdf export failed");
    const zhBytes = await bytesOf(zh.value.body);
    expect(zhBytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(zh.value.contentType).toBe("application/pdf");
    // The findings (2-6's gap among them) are drawn in the subset fonts and read back as text.
    expect(await pdfText(zhBytes)).toMatch(/四性检测报告[\s\S]*2-6[\s\S]*连续性元数据项检测[\s\S]*缺号/);
    expect(await pdfText(await bytesOf(en.value.body))).toMatch(/Four-property check report[\s\S]*Sequence numbers consecutive/);

    // The report names the period's records: each download is on the trail, with its format and language.
    const trail = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "filing.check_report_exported"), eq(auditEvents.targetId, run.value.runId))).orderBy(asc(auditEvents.id));
    expect(trail.map((e) => [e.actorId, e.fondsId, e.targetType, e.data])).toEqual([
      [archivist.id, fonds.id, "check_run", { format: "xlsx", locale: "zh-CN" }],
      [archivist.id, fonds.id, "check_run", { format: "pdf", locale: "en" }],
      [archivist.id, fonds.id, "check_run", { format: "pdf", locale: "zh-CN" }],
    ]);
  });

  it("does not exist for someone outside the fonds", async () => {
    const { db } = testDb();
    const { fonds, archivist } = await makeArchiveFonds(db);
    await makeVoucher(db, { fondsId: fonds.id, no: 1 });
    const s = await tempStore();
    cleanups.push(s.cleanup);
    const run = await runFilingChecks(contextFor(db, archivist.actor), { fondsId: fonds.id, fiscalYear: 2024, period: 3 }, { store: s.store });
    if (!run.ok) throw new Error(run.error.code);
    const other = await makeFonds(db);
    const outsider = await makeUser(db, [{ role: "archivist", fondsId: other.id }]);
    expect(await exportCheckReport(contextFor(db, outsider.actor), { runId: run.value.runId, format: "xlsx" })).toMatchObject({ ok: false, error: { code: "filing.check_run_not_found" } });
    expect(await exportCheckReport(contextFor(db, outsider.actor), { runId: run.value.runId, format: "doc" })).toMatchObject({ ok: false, error: { code: "validation.invalid_input" } });
    expect(await db.select().from(auditEvents).where(and(eq(auditEvents.action, "filing.check_report_exported"), eq(auditEvents.targetId, run.value.runId)))).toEqual([]);
  });
});
