import { randomInt } from "node:crypto";
import { createReadStream, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { alerts, idempotencyKeys, invoices, recordLinks, records } from "@/db/schema";
import { finishesOrWaitsFor, heldTransaction, untilQueuedBehind } from "@/db/test/concurrency";
import { fixture, makeConnector } from "@/db/test/import-factories";
import { testDb } from "@/db/test/setup";
import { systemContext } from "@/lib/context";
import { travelVoucher } from "@/lib/erp/__fixtures__/vouchers";
import { makeZip } from "@/lib/files/__fixtures__/make-zip";
import { prepareQueues } from "@/lib/jobs/worker";
import { upsertFileRecord } from "./file-record";
import { pushDocument } from "./push-document";
import { pushVouchers } from "./push-vouchers";
import { runImport } from "./run-import";
import { rawClient } from "@/db/raw-client";
import { startImport } from "./start-import";
import { storeFile } from "./store-file";

process.env.ACTA_DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), "acta-import-concurrency-"));

beforeAll(async () => {
  await prepareQueues(inject("databaseUrl"));
}, 60_000);

const valueOf = <T>(r: { ok: true; value: T } | { ok: false; error: { code: string } }): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r.value;
};

/** Whether some transaction holds a lock on the invoice's registry row right now. */
async function rowLocked(db: ReturnType<typeof testDb>["db"], invoiceId: string): Promise<boolean> {
  const conn = await rawClient(db).reserve();
  try {
    await conn`begin`;
    await conn`select id from invoices where id = ${invoiceId} for update nowait`;
    return false;
  } catch {
    return true;
  } finally {
    await conn`rollback`;
    conn.release();
  }
}

/** A 数电票 number no other test of the run uses: the invoice registry spans every fonds. */
const invoiceNo = () => `2444200000${String(randomInt(0, 10_000_000_000)).padStart(10, "0")}`;

/** Three fonds with a connector each: one pushes vouchers, one imports a package, one makes audited changes elsewhere. */
async function threeFonds() {
  const { db } = testDb();
  const [pushing, packaging, other] = [await makeConnector(db), await makeConnector(db), await makeConnector(db)];
  return { db, pushing, packaging, other, ctx: systemContext(db), no: invoiceNo() };
}

/** A queued package that attaches e-invoice `no` (as XML) to voucher 记-1 of March 2024, already pushed. */
async function startInvoicePackage(ctx: ReturnType<typeof systemContext>, connectorId: string, no: string) {
  const xml = readFileSync(path.resolve(import.meta.dirname, "../../einvoice/__fixtures__/red-invoice.xml"), "utf8").replaceAll("24442000000000000099", no);
  const manifest = { documents: [{ path: "inv-1.xml", voucherWord: "记", voucherNo: 1, fiscalYear: 2024, period: 3, kind: "einvoice" }] };
  const zip = await makeZip([
    { name: "manifest.json", data: JSON.stringify(manifest) },
    { name: "inv-1.xml", data: Buffer.from(xml) },
  ]);
  return valueOf(await startImport(ctx, { connectorId, file: Readable.from(zip), fileName: "附件.zip" }));
}

describe("pushes and imports into one fonds at the same time", () => {
  it("a document pushed while a voucher citing it is being written is still linked to it", async () => {
    const { db } = testDb();
    const { connector } = await makeConnector(db);
    const ctx = systemContext(db);
    const voucher = { ...travelVoucher, voucherNo: "41", documentRefs: ["SO-CC-41"] };
    const writing = await heldTransaction(db, (tx) => pushVouchers({ ...ctx, db: tx }, { connectorId: connector.id, idempotencyKey: "v41", body: { vouchers: [voucher] } }));
    const document = pushDocument(ctx, { connectorId: connector.id, body: { kind: "sales_order", documentNo: "SO-CC-41", date: "2024-03-02" } });
    await finishesOrWaitsFor(db, document, writing.pid);
    writing.release();
    const voucherId = valueOf(await writing.done).results[0]!.recordId!;
    const documentId = valueOf(await document).recordId;
    const links = await db.select().from(recordLinks).where(and(eq(recordLinks.fromRecordId, voucherId), eq(recordLinks.toRecordId, documentId)));
    expect(links).toHaveLength(1);
  });

  it("a voucher pushed while a document it cites is being kept is still linked to it", async () => {
    const { db } = testDb();
    const { connector } = await makeConnector(db);
    const ctx = systemContext(db);
    const keeping = await heldTransaction(db, (tx) => pushDocument({ ...ctx, db: tx }, { connectorId: connector.id, body: { kind: "delivery_note", documentNo: "DN-CC-42", date: "2024-03-03" } }));
    const voucher = pushVouchers(ctx, { connectorId: connector.id, idempotencyKey: "v42", body: { vouchers: [{ ...travelVoucher, voucherNo: "42", documentRefs: ["DN-CC-42"] }] } });
    await finishesOrWaitsFor(db, voucher, keeping.pid);
    keeping.release();
    const documentId = valueOf(await keeping.done).recordId;
    const voucherId = valueOf(await voucher).results[0]!.recordId!;
    const links = await db.select().from(recordLinks).where(and(eq(recordLinks.fromRecordId, voucherId), eq(recordLinks.toRecordId, documentId)));
    expect(links).toHaveLength(1);
  });

  it("the same document pushed twice at once (an ERP retrying a slow request) is kept once; the second finds it unchanged", async () => {
    const { db } = testDb();
    const { fonds, connector } = await makeConnector(db);
    const ctx = systemContext(db);
    const body = { kind: "receipt", documentNo: "RC-CC-43", date: "2024-03-04", amount: "88.00" };
    const first = await heldTransaction(db, (tx) => pushDocument({ ...ctx, db: tx }, { connectorId: connector.id, body }));
    const second = pushDocument(ctx, { connectorId: connector.id, body });
    await finishesOrWaitsFor(db, second, first.pid);
    first.release();
    const kept = valueOf(await first.done);
    expect(kept.outcome).toBe("created");
    expect(valueOf(await second)).toMatchObject({ outcome: "unchanged", recordId: kept.recordId });
    expect(await db.select({ id: records.id }).from(records).where(eq(records.fondsId, fonds.id))).toHaveLength(1);
  });

  it("two imports keeping the same ledger file at once make one record; the second finds it unchanged", async () => {
    const { db } = testDb();
    const { fonds, connector } = await makeConnector(db);
    const ctx = systemContext(db);
    const file = await storeFile(db, Buffer.from(`%PDF-1.4\n% ledger ${fonds.code}\n%%EOF\n`, "latin1"), "application/pdf");
    const ledger = {
      fondsId: fonds.id,
      importId: null,
      connectorId: connector.id,
      sourceSystem: connector.sourceSystem,
      sourceKey: "ledger:general_ledger:2024::总账.pdf",
      category: "ledger" as const,
      materialType: "general_ledger",
      retention: "Y30" as const,
      fiscalYear: 2024,
      periodKind: "year" as const,
      period: null,
      title: "2024年总账",
      file: { id: file.id, sha256: file.sha256, name: "总账.pdf" },
    };
    const first = await heldTransaction(db, (tx) => upsertFileRecord(tx, ctx, ledger));
    const second = db.transaction((tx) => upsertFileRecord(tx, ctx, ledger));
    await finishesOrWaitsFor(db, second, first.pid);
    first.release();
    expect(await first.done).toMatchObject({ outcome: "created" });
    expect(await second).toMatchObject({ outcome: "unchanged", recordId: first.value.recordId });
  });

  it("two vouchers of different fonds citing one registered invoice at once: the second is still a duplicate reimbursement", async () => {
    const { db } = testDb();
    const a = await makeConnector(db);
    const b = await makeConnector(db);
    const ctx = systemContext(db);
    const no = invoiceNo();
    await db.insert(invoices).values({ invoiceNo: no, fondsId: a.fonds.id });
    const claiming = await heldTransaction(db, (tx) =>
      pushVouchers({ ...ctx, db: tx }, { connectorId: a.connector.id, idempotencyKey: "inv-a", body: { vouchers: [{ ...travelVoucher, voucherNo: "51", invoiceNumbers: [no] }] } }),
    );
    const second = pushVouchers(ctx, { connectorId: b.connector.id, idempotencyKey: "inv-b", body: { vouchers: [{ ...travelVoucher, voucherNo: "52", invoiceNumbers: [no] }] } });
    await finishesOrWaitsFor(db, second, claiming.pid);
    claiming.release();
    const owner = valueOf(await claiming.done).results[0]!;
    expect(owner.outcome).toBe("created");
    expect(valueOf(await second).results[0]).toMatchObject({ outcome: "conflict", problems: [{ code: "import.duplicate_invoice" }] });
    const [claim] = await db.select({ voucher: invoices.voucherRecordId }).from(invoices).where(eq(invoices.invoiceNo, no));
    expect(claim!.voucher).toBe(owner.recordId);
    const raised = await db.select().from(alerts).where(and(eq(alerts.kind, "duplicate_reimbursement"), sql`${alerts.params}->>'invoiceNo' = ${no}`));
    expect(raised).toHaveLength(1);
  });

  it("two vouchers of one fonds citing one invoice, pushed at once: the second is a duplicate reimbursement", async () => {
    const { db } = testDb();
    const { connector } = await makeConnector(db);
    const ctx = systemContext(db);
    const no = invoiceNo();
    const first = await heldTransaction(db, (tx) =>
      pushVouchers({ ...ctx, db: tx }, { connectorId: connector.id, idempotencyKey: "one-a", body: { vouchers: [{ ...travelVoucher, voucherNo: "61", invoiceNumbers: [no] }] } }),
    );
    const second = pushVouchers(ctx, { connectorId: connector.id, idempotencyKey: "one-b", body: { vouchers: [{ ...travelVoucher, voucherNo: "62", invoiceNumbers: [no] }] } });
    await finishesOrWaitsFor(db, second, first.pid);
    first.release();
    expect(valueOf(await first.done).results[0]!.outcome).toBe("created");
    expect(valueOf(await second).results[0]).toMatchObject({ outcome: "conflict", problems: [{ code: "import.duplicate_invoice" }] });
  });
});

describe("a package and a push of another fonds meeting on one registered invoice", () => {
  it("the package registering it and a voucher citing it at once take turns instead of deadlocking; the voucher is the duplicate", async () => {
    const { db, pushing, packaging, other, ctx, no } = await threeFonds();
    const [registered] = await db.insert(invoices).values({ invoiceNo: no, fondsId: packaging.fonds.id }).returning({ id: invoices.id });
    valueOf(await pushVouchers(ctx, { connectorId: packaging.connector.id, idempotencyKey: "pk-1", body: { vouchers: [{ ...travelVoucher, voucherNo: "1" }] } }));
    // Attachments only, for a voucher already pushed: the invoice's attachment is the package's first audited change.
    const started = await startInvoicePackage(ctx, packaging.connector.id, no);
    // Some audited change elsewhere is committing: the package's attachment queues for the audit chain.
    const auditing = await heldTransaction(db, (tx) => pushVouchers({ ...ctx, db: tx }, { connectorId: other.connector.id, idempotencyKey: "ot-1", body: { vouchers: [{ ...travelVoucher, voucherNo: "9" }] } }));
    const imported = runImport(db, started.id);
    expect(await finishesOrWaitsFor(db, imported, auditing.pid)).toBe("waiting");
    // Meanwhile a voucher of another fonds citing the invoice takes the invoice's row, then queues too.
    const pushed = pushVouchers(ctx, { connectorId: pushing.connector.id, idempotencyKey: "pu-1", body: { vouchers: [{ ...travelVoucher, voucherNo: "7", invoiceNumbers: [no] }] } });
    for (let i = 0; i < 750 && !(await rowLocked(db, registered!.id)); i++) await new Promise((r) => setTimeout(r, 20));
    auditing.release();
    await auditing.done;
    const [imp, push] = await Promise.allSettled([imported, pushed]);
    if (imp.status === "rejected") throw imp.reason;
    if (push.status === "rejected") throw push.reason;
    expect(valueOf(imp.value)).toMatchObject({ state: "succeeded" });
    expect(valueOf(push.value).results[0]).toMatchObject({ outcome: "conflict", problems: [{ code: "import.duplicate_invoice" }] });
  });
});

describe("a package and a push of another fonds meeting on an invoice nobody registered yet", () => {
  it("the voucher pushed while the package registers the invoice is the duplicate reimbursement", async () => {
    const { db, pushing, packaging, other, ctx, no } = await threeFonds();
    valueOf(await pushVouchers(ctx, { connectorId: packaging.connector.id, idempotencyKey: "nr-1", body: { vouchers: [{ ...travelVoucher, voucherNo: "1" }] } }));
    const started = await startInvoicePackage(ctx, packaging.connector.id, no);
    // The package's attachment stops at its audit entry, before its invoice row exists: an audited change elsewhere is committing.
    const auditing = await heldTransaction(db, (tx) => pushVouchers({ ...ctx, db: tx }, { connectorId: other.connector.id, idempotencyKey: "nr-ot", body: { vouchers: [{ ...travelVoucher, voucherNo: "9" }] } }));
    const imported = runImport(db, started.id);
    expect(await finishesOrWaitsFor(db, imported, auditing.pid)).toBe("waiting");
    const pushed = pushVouchers(ctx, { connectorId: pushing.connector.id, idempotencyKey: "nr-pu", body: { vouchers: [{ ...travelVoucher, voucherNo: "7", invoiceNumbers: [no] }] } });
    await untilQueuedBehind(db, auditing.pid);
    auditing.release();
    await auditing.done;
    expect(valueOf(await imported)).toMatchObject({ state: "succeeded" });
    expect(valueOf(await pushed).results[0]).toMatchObject({ outcome: "conflict", problems: [{ code: "import.duplicate_invoice" }] });
    const raised = await db.select().from(alerts).where(and(eq(alerts.kind, "duplicate_reimbursement"), sql`${alerts.params}->>'invoiceNo' = ${no}`));
    expect(raised).toHaveLength(1);
  });
});

describe("the push API's Idempotency-Key under concurrent retries", () => {
  it("the same key and body sent twice at once: written once, the second answer is the first one replayed", async () => {
    const { db } = testDb();
    const { fonds, connector } = await makeConnector(db);
    const ctx = systemContext(db);
    const body = { vouchers: [{ ...travelVoucher, voucherNo: "71" }] };
    const first = await heldTransaction(db, (tx) => pushVouchers({ ...ctx, db: tx }, { connectorId: connector.id, idempotencyKey: "same-71", body }));
    const retry = pushVouchers(ctx, { connectorId: connector.id, idempotencyKey: "same-71", body });
    expect(await finishesOrWaitsFor(db, retry, first.pid)).toBe("waiting");
    first.release();
    const answered = valueOf(await first.done);
    const replayed = valueOf(await retry);
    expect(replayed).toEqual({ ...answered, replayed: true });
    expect(await db.select({ id: records.id }).from(records).where(eq(records.fondsId, fonds.id))).toHaveLength(1);
  });

  it("the same key with another body at once is refused, not replayed, and writes nothing", async () => {
    const { db } = testDb();
    const { fonds, connector } = await makeConnector(db);
    const ctx = systemContext(db);
    const first = await heldTransaction(db, (tx) => pushVouchers({ ...ctx, db: tx }, { connectorId: connector.id, idempotencyKey: "same-72", body: { vouchers: [{ ...travelVoucher, voucherNo: "72" }] } }));
    const other = pushVouchers(ctx, { connectorId: connector.id, idempotencyKey: "same-72", body: { vouchers: [{ ...travelVoucher, voucherNo: "73" }] } });
    await finishesOrWaitsFor(db, other, first.pid);
    first.release();
    await first.done;
    expect(await other).toEqual({ ok: false, error: { code: "import.idempotency_conflict" } });
    const written = await db.select({ key: records.sourceKey }).from(records).where(eq(records.fondsId, fonds.id));
    expect(written).toHaveLength(1);
    expect(await db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.scope, `erp-vouchers:${connector.id}`), eq(idempotencyKeys.key, "same-72")))).toHaveLength(1);
  });
});

describe("two imports of one file on one connector at once", () => {
  it("create each voucher once between them, and each counts every voucher as created or unchanged", async () => {
    const { db } = testDb();
    const { fonds, connector } = await makeConnector(db);
    const ctx = systemContext(db);
    const file = fixture("kingdee-k3/voucher-export-bom.csv");
    const started = await Promise.all([1, 2].map(() => startImport(ctx, { connectorId: connector.id, file: createReadStream(file), fileName: "vouchers.csv" })));
    const runs = await Promise.all(started.map((s) => runImport(db, valueOf(s).id)));
    const [one, two] = runs.map((r) => valueOf(r));
    expect([one!.state, two!.state]).toEqual(["succeeded", "succeeded"]);
    const total = (await db.select({ id: records.id }).from(records).where(eq(records.fondsId, fonds.id))).length;
    expect(total).toBeGreaterThan(0);
    expect(one!.counts.created + two!.counts.created).toBe(total);
    for (const run of [one!, two!]) expect(run.counts.created + run.counts.unchanged).toBe(total);
  });
});
