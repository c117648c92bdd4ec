import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { auditEvents, importErrors, imports, invoices, recordSearch, records, voucherLines, vouchers } from "@/db/schema";
import { contextFor, makeUser } from "@/db/test/factories";
import { fixture, importFile, makeConnector } from "@/db/test/import-factories";
import { testDb } from "@/db/test/setup";
import { listNotifications } from "@/lib/approvals/list-notifications";
import { systemContext } from "@/lib/context";
import { parseFixture } from "@/lib/erp/__fixtures__/parse-fixture";
import { travelVoucher } from "@/lib/erp/__fixtures__/vouchers";
import type { CanonicalVoucherInput } from "@/lib/erp/model";
import { prepareQueues } from "@/lib/jobs/worker";
import { getImport } from "./get-import";
import { pushVouchers } from "./push-vouchers";

process.env.ACTA_DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), "acta-import-test-"));

beforeAll(async () => {
  await prepareQueues(inject("databaseUrl"));
}, 60_000);

const valueOf = <T>(r: { ok: true; value: T } | { ok: false; error: { code: string } } | null): T => {
  if (!r?.ok) throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r.value;
};

async function fondsContent(fondsId: string) {
  const { db } = testDb();
  const heads = await db
    .select({ key: records.sourceKey, hash: records.contentHash, state: records.state, word: vouchers.voucherWord, no: vouchers.voucherNo, total: vouchers.debitTotal })
    .from(records)
    .innerJoin(vouchers, eq(vouchers.recordId, records.id))
    .where(eq(records.fondsId, fondsId))
    .orderBy(asc(records.sourceKey));
  const lines = await db
    .select({ key: records.sourceKey, seq: voucherLines.seq, account: voucherLines.accountCode, debit: voucherLines.debit, credit: voucherLines.credit })
    .from(voucherLines)
    .innerJoin(records, eq(records.id, voucherLines.recordId))
    .where(eq(records.fondsId, fondsId))
    .orderBy(asc(records.sourceKey), asc(voucherLines.seq));
  return { heads, lines };
}

describe("importing each preset's file", () => {
  it.each([
    ["kingdee-k3/voucher-export-gbk.csv", "kingdee-k3"],
    ["kingdee-k3/voucher-export-bom.csv", "kingdee-k3"],
    ["kingdee-cloud/voucher-list.xlsx", "kingdee-cloud"],
    ["kingdee-cloud/webapi-voucher.json", "kingdee-cloud"],
    ["yonyou-u8/voucher-list.csv", "yonyou-u8"],
    ["yonyou-u8/eai-vouchers.json", "yonyou-u8"],
    ["yonyou-nc/gl-vouchers.xml", "yonyou-nc"],
    ["sap-fbl3n/fbl3n-german.csv", "sap-fbl3n"],
    ["sap-fbl3n/fbl3n-german-cp1252.csv", "sap-fbl3n"],
    ["sap-fbl3n/fbl3n-english.tsv", "sap-fbl3n"],
    ["sap-bkpf/bkpf-bseg.csv", "sap-bkpf"],
    ["odoo/journal-items.csv", "odoo"],
    ["erpnext/general-ledger.csv", "erpnext"],
    ["erpnext/journal-entry-export.csv", "erpnext"],
    ["canonical-json/vouchers.json", "canonical-json"],
    ["canonical-json/vouchers.jsonl", "canonical-json"],
  ])("%s imports every voucher lib/erp reads from it, with its lines", async (file, formatId) => {
    const { db } = testDb();
    const expected = await parseFixture(file);
    const { fonds, connector } = await makeConnector(db);
    const { started, run } = await importFile(systemContext(db), connector.id, fixture(file));
    const summary = valueOf(run);
    expect(summary.state).toBe("succeeded");
    // A bad row the reader cannot tie to a voucher is refused on its own.
    const rejected = expected.voucherErrors.length + new Set(expected.rowErrors.filter((e) => !("word" in e.params)).map((e) => e.rowNo)).size;
    expect(summary.counts).toMatchObject({ created: expected.vouchers.length, updated: 0, unchanged: 0, conflicts: 0, rejected });
    const content = await fondsContent(fonds.id);
    expect(content.heads).toHaveLength(expected.vouchers.length);
    expect(content.lines).toHaveLength(expected.vouchers.reduce((n, v) => n + v.lines.length, 0));
    expect(content.heads.every((h) => h.state === "collected")).toBe(true);
    const status = valueOf(await getImport(systemContext(db), { connectorId: connector.id, importId: valueOf(started).id }));
    expect(status.detection).toMatchObject({ formatId, message: { "zh-CN": expect.any(String), en: expect.any(String) } });
  });

  it("a German SAP download in Windows-1252 keeps its umlauts in the stored vouchers", async () => {
    const { db } = testDb();
    const { fonds, connector } = await makeConnector(db);
    const { started, run } = await importFile(systemContext(db), connector.id, fixture("sap-fbl3n/fbl3n-german-cp1252.csv"));
    expect(valueOf(run).counts.created).toBe(2);
    const [imp] = await db.select().from(imports).where(eq(imports.id, valueOf(started).id));
    expect(imp!.detection).toMatchObject({ formatId: "sap-fbl3n", encoding: "windows1252" });
    const stored = await db.select({ summary: vouchers.summary, total: vouchers.debitTotal }).from(vouchers).innerJoin(records, eq(records.id, vouchers.recordId)).where(eq(records.fondsId, fonds.id)).orderBy(asc(vouchers.summary));
    expect(stored).toEqual([
      { summary: "Büromaterial gemäß Bestellung", total: "1234.56" },
      { summary: "Gebühren Überweisung Müller & Söhne", total: "10000.00" },
    ]);
  });

  it("a GBK K/3 export: detected encoding, retention from the fonds schedule, audit entries; the same file again is a no-op", async () => {
    const { db } = testDb();
    const { fonds, connector } = await makeConnector(db);
    const user = await makeUser(db, [{ role: "accountant", fondsId: fonds.id }]);
    const ctx = contextFor(db, user.actor);
    const first = await importFile(ctx, connector.id, fixture("kingdee-k3/voucher-export-gbk.csv"));
    const run = valueOf(first.run);
    expect(run.counts.created).toBeGreaterThan(0);
    const stored = await db.select().from(records).where(eq(records.fondsId, fonds.id));
    expect(stored.every((r) => r.category === "voucher" && r.materialType === "voucher" && r.retention === "Y30" && r.sourceSystem === "erp-test")).toBe(true);
    // Searchable the moment the import commits: the index is written in the import's transaction.
    const indexed = await db.select({ id: recordSearch.recordId }).from(recordSearch).where(eq(recordSearch.fondsId, fonds.id));
    expect(indexed.map((r) => r.id).sort()).toEqual(stored.map((r) => r.id).sort());
    const [imp] = await db.select().from(imports).where(eq(imports.id, valueOf(first.started).id));
    expect(imp).toMatchObject({ state: "succeeded", progress: 100, formatId: "kingdee-k3", createdBy: user.id });
    expect((imp!.detection as { encoding: string }).encoding).toBe("gb18030");
    const audit = await db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.targetId, imp!.id));
    expect(audit.map((a) => a.action).sort()).toEqual(["import.queued", "import.succeeded", "import.vouchers_created"]);

    const before = await fondsContent(fonds.id);
    const again = valueOf((await importFile(ctx, connector.id, fixture("kingdee-k3/voucher-export-gbk.csv"))).run);
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: run.counts.created, rejected: 0, conflicts: 0 });
    expect(await fondsContent(fonds.id)).toEqual(before);
  });

  it("the same file again with nothing changed since is answered without reading it, with the counts a voucher-by-voucher pass gives", async () => {
    const { db } = testDb();
    const { fonds, connector } = await makeConnector(db);
    const ctx = systemContext(db);
    const file = fixture("kingdee-k3/voucher-export-gbk.csv");
    const first = valueOf((await importFile(ctx, connector.id, file)).run);
    const outcomeOf = async (id: string) => {
      const [entry] = await db.select({ data: auditEvents.data }).from(auditEvents).where(and(eq(auditEvents.targetId, id), eq(auditEvents.action, "import.succeeded")));
      return entry!.data as { unchangedSince?: string };
    };
    const second = await importFile(ctx, connector.id, file);
    const shortcut = valueOf(second.run);
    expect((await outcomeOf(shortcut.id)).unchangedSince).toBe(first.id);
    const [row] = await db.select().from(imports).where(eq(imports.id, shortcut.id));
    expect(row).toMatchObject({ state: "succeeded", formatId: "kingdee-k3" });

    // A record of the fonds changed since (here: submitted for filing): the file is read voucher by voucher.
    const [one] = await db.select({ id: records.id }).from(records).where(eq(records.fondsId, fonds.id)).limit(1);
    await db.update(records).set({ state: "filing", updatedAt: new Date() }).where(eq(records.id, one!.id));
    const full = valueOf((await importFile(ctx, connector.id, file)).run);
    expect((await outcomeOf(full.id)).unchangedSince).toBeUndefined();
    expect(full.counts).toEqual(shortcut.counts);
    expect(shortcut.counts).toMatchObject({ rows: first.counts.rows, vouchers: first.counts.created, unchanged: first.counts.created, created: 0, updated: 0 });
  });

  it("a later file repeating vouchers line for line counts them unchanged without reading them back; one a push changed since is read again", async () => {
    const { db } = testDb();
    const { fonds, connector } = await makeConnector(db);
    const ctx = systemContext(db);
    const dir = mkdtempSync(path.join(os.tmpdir(), "acta-repeat-"));
    const vouchersIn = (name: string, extra: CanonicalVoucherInput[]) => {
      const file = path.join(dir, name);
      writeFileSync(file, JSON.stringify({ vouchers: [travelVoucher, { ...travelVoucher, voucherNo: "13", summary: "另一张" }, ...extra] }));
      return file;
    };
    const first = valueOf((await importFile(ctx, connector.id, vouchersIn("first.json", []))).run);
    expect(first.counts).toMatchObject({ created: 2 });
    const stored = () => db.select().from(records).where(eq(records.fondsId, fonds.id)).orderBy(asc(records.sourceKey));
    expect((await stored()).every((r) => r.stagedDigest !== null)).toBe(true);
    // 记-12 changed through the push API since: its digest no longer says what it holds.
    const pushed = { ...travelVoucher, summary: "推送更正" };
    expect(valueOf(await pushVouchers(ctx, { connectorId: connector.id, idempotencyKey: "repeat-1", body: { vouchers: [pushed] } })).results[0]).toMatchObject({ outcome: "updated" });
    const [twelve, thirteen] = await stored();
    expect([twelve!.title, twelve!.stagedDigest, thirteen!.stagedDigest !== null]).toEqual(["推送更正", null, true]);
    // A stale hash on 记-13 shows it is not read back: compared by content, it would be "updated".
    await db.update(records).set({ contentHash: "stale" }).where(eq(records.id, thirteen!.id));

    // The next export: the same two vouchers and a new one.
    const next = vouchersIn("next.json", [{ ...travelVoucher, voucherNo: "14" }]);
    const second = valueOf((await importFile(ctx, connector.id, next)).run);
    expect(second.counts).toMatchObject({ rows: first.counts.rows + 2, vouchers: 3, unchanged: 1, updated: 1, created: 1, rejected: 0, conflicts: 0 });
    const after = await stored();
    expect(after.find((r) => r.id === thirteen!.id)!.contentHash).toBe("stale");
    expect(after.find((r) => r.id === twelve!.id)).toMatchObject({ title: "报销差旅费", stagedDigest: expect.any(String) });
    const again = valueOf((await importFile(ctx, connector.id, vouchersIn("again.json", [{ ...travelVoucher, voucherNo: "14" }]))).run);
    expect(again.counts).toMatchObject({ vouchers: 3, unchanged: 3, updated: 0, created: 0 });
  });

  it("an uploaded file cannot change a filed voucher: conflict with its reason, the rest of the file still imports", async () => {
    const { db } = testDb();
    const { fonds, connector } = await makeConnector(db);
    const ctx = systemContext(db);
    const file = fixture("canonical-json/vouchers.json");
    const first = valueOf((await importFile(ctx, connector.id, file)).run);
    const [filed] = await db.select({ id: records.id, key: records.sourceKey }).from(records).where(eq(records.fondsId, fonds.id)).orderBy(asc(records.sourceKey)).limit(1);
    await db.update(records).set({ state: "archived" }).where(eq(records.id, filed!.id));
    const before = await fondsContent(fonds.id);
    // The same export with every voucher's summary changed: filed ones must refuse, collected ones update.
    const doc = JSON.parse(readFileSync(file, "utf8")) as { vouchers: { lines: { summary: string }[] }[] };
    for (const v of doc.vouchers) for (const l of v.lines) l.summary = `${l.summary}（更正）`;
    const changedFile = path.join(mkdtempSync(path.join(os.tmpdir(), "acta-filed-")), "vouchers.json");
    writeFileSync(changedFile, JSON.stringify(doc));
    const { started, run } = await importFile(ctx, connector.id, changedFile);
    expect(valueOf(run).counts).toMatchObject({ created: 0, conflicts: 1, updated: first.counts.created - 1 });
    const after = await fondsContent(fonds.id);
    expect(after.heads.find((h) => h.key === filed!.key)).toEqual(before.heads.find((h) => h.key === filed!.key));
    expect(after.lines.filter((l) => l.key === filed!.key)).toEqual(before.lines.filter((l) => l.key === filed!.key));
    const errors = await db.select().from(importErrors).where(eq(importErrors.importId, valueOf(started).id));
    expect(errors.map((e) => [e.code, e.params])).toEqual([["import.conflict_filed", expect.objectContaining({ state: "archived" })]]);
  });

  it("rejects bad rows and vouchers with their reasons while the valid ones import", async () => {
    const { db } = testDb();
    const { fonds, connector } = await makeConnector(db);
    const { started, run } = await importFile(systemContext(db), connector.id, fixture("errors/k3-with-errors.csv"));
    expect(valueOf(run).counts).toMatchObject({ rows: 5, vouchers: 3, created: 0, rejected: 4 });
    const errors = await db.select().from(importErrors).where(eq(importErrors.importId, valueOf(started).id)).orderBy(asc(importErrors.rowNo));
    expect(errors.map((e) => [e.rowNo, e.code, e.field])).toEqual([
      [2, "erp.amount_invalid", "借方"],
      [3, "erp.date_invalid", "日期"],
      [4, "erp.field_required", "科目代码"],
      [5, "erp.unbalanced", "lines"],
    ]);
    expect(await db.select().from(records).where(eq(records.fondsId, fonds.id))).toEqual([]);
    const status = valueOf(await getImport(systemContext(db), { connectorId: connector.id, importId: valueOf(started).id }));
    expect(status.errors[3]).toMatchObject({ row: 5, voucher: "记-24 (2024-3)", code: "erp.unbalanced" });
    expect(status.errors[3]!.message["zh-CN"]).toContain("借贷不平");
    expect(status.errors[3]!.message.en).toContain("do not balance");
  });

  it("a file that breaks off (an unclosed quote) is refused whole: no voucher is imported cut short", async () => {
    const { db } = testDb();
    const { fonds, connector } = await makeConnector(db);
    const dir = mkdtempSync(path.join(os.tmpdir(), "acta-broken-"));
    const file = path.join(dir, "k3-broken.csv");
    writeFileSync(
      file,
      ["FDATE,FPERIOD,FGROUP,FNUM,FENTRYID,FEXP,FACCTID,FDEBIT,FCREDIT", "2024-03-05,3,记,1,0,a,1001,100,0", "2024-03-05,3,记,1,1,a,1002,0,100", '2024-03-05,3,记,1,2,"b,1001,30,0', "2024-03-05,3,记,1,3,b,1002,0,30", ""].join("\n"),
    );
    const { run } = await importFile(systemContext(db), connector.id, file);
    expect(valueOf(run)).toMatchObject({ state: "failed", failure: { code: "erp.file_malformed", params: { row: 4 } } });
    // The same break after a thousand good vouchers, read and staged before it.
    const good = Array.from({ length: 1000 }, (_, i) => [`2024-03-05,3,记,${i + 2},0,a,1001,100,0`, `2024-03-05,3,记,${i + 2},1,a,1002,0,100`]).flat();
    const lines = readFileSync(file, "utf8").split("\n");
    writeFileSync(file, [lines[0], ...good, ...lines.slice(1)].join("\n"));
    const { run: late } = await importFile(systemContext(db), connector.id, file, "k3-broken-late.csv");
    expect(valueOf(late)).toMatchObject({ state: "failed", failure: { code: "erp.file_malformed", params: { row: 2004 } } });
    expect(await db.select().from(records).where(eq(records.fondsId, fonds.id))).toEqual([]);
  });

  it("says how many rows of draft or cancelled documents it left out, so the rows add up to the file's", async () => {
    const { db } = testDb();
    const { connector } = await makeConnector(db, { sourceSystem: "odoo", formatId: "odoo" });
    const dir = mkdtempSync(path.join(os.tmpdir(), "acta-left-out-"));
    const file = path.join(dir, "account.move.line.csv");
    writeFileSync(
      file,
      [
        "Journal Entry,Date,Account,Label,Debit,Credit,Status",
        "MISC/2024/03/0004,2024-03-29,600000 Expenses,预提,100.00,0.00,Cancelled",
        "MISC/2024/03/0004,2024-03-29,211000 Account Payable,预提,0.00,100.00,Cancelled",
        "Draft Entry MISC/2024/03/0005,2024-03-30,600000 Expenses,待审,70.00,0.00,Draft",
        "MISC/2024/03/0006,2024-03-31,600000 Expenses,报销,50.00,0.00,Posted",
        "MISC/2024/03/0006,2024-03-31,101000 Current Assets,报销,0.00,50.00,Posted",
        "",
      ].join("\n"),
    );
    const { started, run } = await importFile(systemContext(db), connector.id, file);
    expect(valueOf(run)).toMatchObject({ state: "succeeded", counts: { rows: 2, vouchers: 1, created: 1, rejected: 0 } });
    const status = valueOf(await getImport(systemContext(db), { connectorId: connector.id, importId: valueOf(started).id }));
    expect(status.detection).toMatchObject({ formatId: "odoo", leftOut: { notInBooks: 3 } });
    expect(status.errors).toEqual([]);
  });

  it("tells the uploader how the import ended, linking to its result; a file sent with the key notifies the fonds' accountants and archivists of its problems only", async () => {
    const { db } = testDb();
    const { fonds, connector } = await makeConnector(db);
    const archivist = await makeUser(db, [{ role: "archivist", fondsId: fonds.id }]);
    const ctx = contextFor(db, archivist.actor);
    const flawed = await importFile(ctx, connector.id, fixture("errors/k3-with-errors.csv"));
    const clean = await importFile(ctx, connector.id, fixture("kingdee-k3/voucher-export-gbk.csv"));
    const link = (started: typeof flawed.started) => `/imports?connectorId=${connector.id}&importId=${valueOf(started).id}`;
    const mine = valueOf(await listNotifications(ctx));
    expect(mine.map((n) => [n.kind, n.link])).toEqual([
      ["import.notification.succeeded", link(clean.started)],
      ["import.notification.problems", link(flawed.started)],
    ]);
    expect(mine[1]!.params).toEqual({ file: "k3-with-errors.csv", created: 0, updated: 0, rejected: 4, conflicts: 0 });
    expect(mine[0]!.params).toMatchObject({ file: "voucher-export-gbk.csv", created: valueOf(clean.run).counts.created });

    // Sent by the ERP with the connector's key: a clean file notifies no one, a flawed one the fonds'
    // accountants and archivists, once each whatever roles they hold.
    const accountant = await makeUser(db, [{ role: "accountant", fondsId: fonds.id }]);
    const both = await makeUser(db, [
      { role: "accountant", fondsId: fonds.id },
      { role: "archivist", fondsId: fonds.id },
    ]);
    const approver = await makeUser(db, [{ role: "finance_approver", fondsId: fonds.id }]);
    await importFile(systemContext(db), connector.id, fixture("canonical-json/vouchers.json"));
    const pushed = await importFile(systemContext(db), connector.id, fixture("errors/k3-with-errors.csv"), "夜间导出.csv");
    for (const who of [archivist, accountant, both]) {
      const told = valueOf(await listNotifications(contextFor(db, who.actor))).filter((n) => n.link === link(pushed.started));
      expect(told.map((n) => n.kind)).toEqual(["import.notification.problems"]);
    }
    expect(valueOf(await listNotifications(contextFor(db, approver.actor)))).toEqual([]);
    expect(valueOf(await listNotifications(contextFor(db, both.actor))).filter((n) => n.params.file === "vouchers.json")).toEqual([]);
  });
});

describe("text PostgreSQL cannot store", () => {
  it("a NUL in a JSON file rejects its voucher with the field named, and the rest of the file imports", async () => {
    const { db } = testDb();
    const { fonds, connector } = await makeConnector(db);
    const text = readFileSync(fixture("canonical-json/vouchers.json"), "utf8");
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "acta-nul-")), "vouchers.json");
    writeFileSync(file, text.replace('"报销差旅费"', '"报销\\u0000差旅费"'));
    const { started, run } = await importFile(systemContext(db), connector.id, file);
    expect(valueOf(run).state).toBe("succeeded");
    expect(valueOf(run).counts).toMatchObject({ created: 1, rejected: 1 });
    const status = valueOf(await getImport(systemContext(db), { connectorId: connector.id, importId: valueOf(started).id }));
    expect(status.errors).toMatchObject([{ field: "vouchers.0.lines.0.summary", value: "报销␀差旅费", code: "erp.text_nul" }]);
    expect(status.errors[0]!.message["zh-CN"]).toContain("空字符");
    expect((await fondsContent(fonds.id)).heads).toHaveLength(1);
  });

  it("a pushed voucher with a NUL in its summary, a line or a dimension is rejected, naming each, and nothing is stored", async () => {
    const { db } = testDb();
    const { fonds, connector } = await makeConnector(db);
    const bad = {
      ...travelVoucher,
      summary: "报销\u0000差旅",
      lines: travelVoucher.lines.map((l, i) => (i === 0 ? { ...l, summary: "差\u0000旅", dimensions: { "部门\u0000": "行政部", employee: "张\u0000三" } } : l)),
    };
    const answer = valueOf(await pushVouchers(systemContext(db), { connectorId: connector.id, idempotencyKey: "nul", body: { vouchers: [bad] } }));
    expect(answer.results[0]!.outcome).toBe("rejected");
    expect(answer.results[0]!.problems!.map((p) => [p.field, p.code])).toEqual([
      ["summary", "erp.text_nul"],
      ["lines.0.summary", "erp.text_nul"],
      ["lines.0.dimensions.部门␀", "erp.text_nul"],
      ["lines.0.dimensions.employee", "erp.text_nul"],
    ]);
    expect(await db.select().from(records).where(eq(records.fondsId, fonds.id))).toEqual([]);
  });
});

describe("pushing canonical vouchers", () => {
  const changed = {
    ...travelVoucher,
    lines: travelVoucher.lines.map((l) => ({ ...l, debit: l.debit === "0" ? "0" : "1300.00", credit: l.credit === "0" ? "0" : "1300.00" })),
  };

  it("updates a changed collected voucher with an audit entry naming what changed", async () => {
    const { db } = testDb();
    const { connector } = await makeConnector(db);
    const ctx = systemContext(db);
    const created = valueOf(await pushVouchers(ctx, { connectorId: connector.id, idempotencyKey: "k1", body: { vouchers: [travelVoucher] } }));
    expect(created.counts).toMatchObject({ created: 1 });
    const recordId = created.results[0]!.recordId!;
    const updated = valueOf(await pushVouchers(ctx, { connectorId: connector.id, idempotencyKey: "k2", body: { vouchers: [changed] } }));
    expect(updated.results[0]).toMatchObject({ outcome: "updated", recordId });
    const [record] = await db.select().from(records).where(eq(records.id, recordId));
    expect(record!.amount).toBe("1300.00");
    const [entry] = await db.select().from(auditEvents).where(and(eq(auditEvents.targetId, recordId), eq(auditEvents.action, "record.updated_by_import")));
    expect(entry!.data).toMatchObject({ changes: { lines: { before: 2, after: 2, changedSeqs: [1, 2] } } });
  });

  it("a voucher corrected to cite another invoice gives up the registered invoice it no longer cites", async () => {
    const { db } = testDb();
    const { fonds, connector } = await makeConnector(db);
    const ctx = systemContext(db);
    const wrong = "24442000000123456789";
    const right = "24442000000987654321";
    await db.insert(invoices).values([{ invoiceNo: wrong, fondsId: fonds.id }, { invoiceNo: right, fondsId: fonds.id }]);
    const cites = (no: string, voucherNo: string) => ({ ...travelVoucher, voucherNo, invoiceNumbers: [no] });
    const first = valueOf(await pushVouchers(ctx, { connectorId: connector.id, idempotencyKey: "c1", body: { vouchers: [cites(wrong, "12")] } }));
    const recordId = first.results[0]!.recordId!;
    // The clerk fixes the citation in the ERP: voucher 12 cites the right invoice now.
    const fixed = valueOf(await pushVouchers(ctx, { connectorId: connector.id, idempotencyKey: "c2", body: { vouchers: [cites(right, "12")] } }));
    expect(fixed.results[0]).toMatchObject({ outcome: "updated", recordId });
    const claims = await db.select({ no: invoices.invoiceNo, voucher: invoices.voucherRecordId }).from(invoices).where(eq(invoices.fondsId, fonds.id)).orderBy(asc(invoices.invoiceNo));
    expect(claims).toEqual([
      { no: wrong, voucher: null },
      { no: right, voucher: recordId },
    ]);
    // The voucher that really used the first invoice is no duplicate reimbursement.
    const other = valueOf(await pushVouchers(ctx, { connectorId: connector.id, idempotencyKey: "c3", body: { vouchers: [cites(wrong, "13")] } }));
    expect(other.results[0]).toMatchObject({ outcome: "created" });
  });

  it("refuses to change a filed voucher and leaves it exactly as it was", async () => {
    const { db } = testDb();
    const { fonds, connector } = await makeConnector(db);
    const ctx = systemContext(db);
    const created = valueOf(await pushVouchers(ctx, { connectorId: connector.id, idempotencyKey: "a", body: { vouchers: [travelVoucher] } }));
    await db.update(records).set({ state: "archived" }).where(eq(records.id, created.results[0]!.recordId!));
    const before = await fondsContent(fonds.id);
    const answer = valueOf(await pushVouchers(ctx, { connectorId: connector.id, idempotencyKey: "b", body: { vouchers: [changed] } }));
    expect(answer.results[0]).toMatchObject({ outcome: "conflict", problems: [{ code: "import.conflict_filed", params: { state: "archived" } }] });
    expect(await fondsContent(fonds.id)).toEqual(before);
    const same = valueOf(await pushVouchers(ctx, { connectorId: connector.id, idempotencyKey: "c", body: { vouchers: [travelVoucher] } }));
    expect(same.results[0]!.outcome).toBe("unchanged");
  });

  it("rejects unbalanced, out-of-period and incomplete vouchers with reasons while the valid one is written", async () => {
    const { db } = testDb();
    const { fonds, connector } = await makeConnector(db);
    const unbalanced = { ...travelVoucher, voucherNo: "13", lines: [{ ...travelVoucher.lines[0]!, debit: "1200.01" }, travelVoucher.lines[1]!] };
    const outside = { ...travelVoucher, voucherNo: "14", date: "2024-04-01" };
    const { preparer: _p, ...incomplete } = { ...travelVoucher, voucherNo: "15", lines: [] };
    const answer = valueOf(await pushVouchers(systemContext(db), { connectorId: connector.id, idempotencyKey: "mixed", body: { vouchers: [travelVoucher, unbalanced, outside, incomplete, { ...travelVoucher }] } }));
    expect(answer.results.map((r) => [r.outcome, r.problems?.map((p) => p.code)])).toEqual([
      ["created", undefined],
      ["rejected", ["erp.unbalanced"]],
      ["rejected", ["erp.date_outside_period"]],
      ["rejected", ["erp.no_lines"]],
      ["rejected", ["import.voucher_repeated"]],
    ]);
    expect(answer.results[1]!.problems![0]!.message["zh-CN"]).toContain("记-13");
    const stored = await db.select({ no: vouchers.voucherNo }).from(vouchers).where(eq(vouchers.fondsId, fonds.id));
    expect(stored).toEqual([{ no: "12" }]);
  });

  it("answers a retry with the stored answer and refuses a reused key with another body, writing nothing", async () => {
    const { db } = testDb();
    const { fonds, connector } = await makeConnector(db);
    const ctx = systemContext(db);
    const first = valueOf(await pushVouchers(ctx, { connectorId: connector.id, idempotencyKey: "same", body: { vouchers: [travelVoucher] } }));
    const replay = valueOf(await pushVouchers(ctx, { connectorId: connector.id, idempotencyKey: "same", body: { vouchers: [travelVoucher] } }));
    expect(replay).toEqual({ ...first, replayed: true });
    const auditCount = async () => (await db.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(eq(auditEvents.fondsId, fonds.id)))[0]!.n;
    const audits = await auditCount();
    expect(await pushVouchers(ctx, { connectorId: connector.id, idempotencyKey: "same", body: { vouchers: [changed] } })).toEqual({ ok: false, error: { code: "import.idempotency_conflict" } });
    expect(await pushVouchers(ctx, { connectorId: connector.id, idempotencyKey: null, body: { vouchers: [changed] } })).toEqual({ ok: false, error: { code: "import.idempotency_key_required" } });
    expect(await pushVouchers(ctx, { connectorId: connector.id, idempotencyKey: "x", body: { vouchers: "no" } })).toMatchObject({ ok: false, error: { code: "import.batch_invalid" } });
    const [record] = await db.select().from(records).where(eq(records.fondsId, fonds.id)).orderBy(desc(records.updatedAt));
    expect(record!.amount).toBe("1200.00");
    expect(await auditCount()).toBe(audits);
  });

  it("lets only a user with record.import in the connector's fonds push", async () => {
    const { db } = testDb();
    const { connector } = await makeConnector(db);
    const other = await makeConnector(db);
    const outsider = await makeUser(db, [{ role: "accountant", fondsId: other.fonds.id }]);
    const reader = await makeUser(db, [{ role: "auditor", fondsId: other.fonds.id }]);
    for (const actor of [outsider.actor, reader.actor]) {
      expect(await pushVouchers(contextFor(db, actor), { connectorId: connector.id, idempotencyKey: "k", body: { vouchers: [travelVoucher] } })).toEqual({ ok: false, error: { code: "auth.forbidden" } });
    }
  });
});
