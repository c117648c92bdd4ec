import { and, count, eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import yazl from "yazl";
import type { Db } from "@/db";
import { auditEvents, recordFiles, recordLinks, records, sourceDocuments, storedFiles } from "@/db/schema";
import { makeConnector } from "@/db/test/import-factories";
import { makeGenericOaConnector } from "@/db/test/oa-factories";
import { testDb } from "@/db/test/setup";
import { systemContext } from "@/lib/context";
import { travelVoucher } from "@/lib/erp/__fixtures__/vouchers";
import { pushVouchers } from "@/lib/erp/import/push-vouchers";
import { receiveOaDocument } from "./receive-oa-document";
import { ok } from "@/lib/errors";

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`).toString("base64");

/** A minimal OFD container: a ZIP whose root holds OFD.xml (GB/T 33190 §7.2). */
async function ofd(): Promise<string> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from('<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" DocType="OFD" Version="1.1"/>'), "OFD.xml");
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("base64");
}

const claim = (documentNo: string, form = { name: `${documentNo}.pdf`, contentBase64: pdf(documentNo) }) => ({
  kind: "expense_claim",
  documentNo,
  title: `差旅费报销 ${documentNo}`,
  date: "2024-03-14",
  applicant: "张三",
  amount: "1200.00",
  instanceId: `PROC-${documentNo}`,
  data: { reason: "上海出差", items: [{ type: "交通", amount: "800.00" }, { type: "住宿", amount: "400.00" }] },
  form,
  trail: [
    { step: "提交", actor: "张三", action: "submitted", at: "2024-03-12T09:00:00+08:00" },
    { step: "部门经理", actor: "李四", action: "approved", comment: "同意", at: "2024-03-13T10:00:00+08:00" },
    { step: "财务审核", actor: "王五", action: "approved", at: "2024-03-14T11:30:00+08:00" },
  ],
});

async function setup(db: Db) {
  const { fonds, connector: erp } = await makeConnector(db);
  const oa = await makeGenericOaConnector(db, fonds.id);
  const ctx = systemContext(db);
  const send = (body: unknown, apiKey: string | null = oa.apiKey) => receiveOaDocument(ctx, { connectorId: oa.id, apiKey, readBody: async () => ok(body) });
  const voucher = async (no: string, refs: string[]) => {
    const r = await pushVouchers(ctx, { connectorId: erp.id, idempotencyKey: `v-${no}-${refs.join()}`, body: { vouchers: [{ ...travelVoucher, voucherNo: no, documentRefs: refs }] } });
    if (!r.ok) throw new Error(r.error.code);
    return r.value.results[0]!.recordId!;
  };
  const linked = async (voucherId: string, documentId: string) =>
    (await db.select().from(recordLinks).where(and(eq(recordLinks.fromRecordId, voucherId), eq(recordLinks.toRecordId, documentId), eq(recordLinks.linkType, "source_document")))).length;
  const stored = async () => ({
    records: (await db.select({ n: count() }).from(records).where(like(records.sourceKey, `oa:${oa.id}:%`)))[0]!.n,
    audit: (await db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.fondsId, fonds.id)))[0]!.n,
  });
  return { fonds, oa, send, voucher, linked, stored };
}

describe("documents from the OA", () => {
  it("keeps an approved claim with its form and trail, and links it to its voucher when the voucher comes later", async () => {
    const { db } = testDb();
    const { fonds, send, voucher, linked } = await setup(db);
    const received = await send(claim("BX-2024-0001"));
    expect(received).toMatchObject({ ok: true, value: { outcome: "created", linkedVouchers: 0 } });
    const documentId = received.ok ? received.value.recordId : "";

    const [doc] = await db.select().from(sourceDocuments).where(eq(sourceDocuments.recordId, documentId));
    expect(doc).toMatchObject({ fondsId: fonds.id, kind: "expense_claim", documentNo: "BX-2024-0001", issuedOn: "2024-03-14", counterparty: "张三", amount: "1200.00" });
    expect(doc!.data).toMatchObject({ form: { reason: "上海出差" }, instanceId: "PROC-BX-2024-0001", trail: [{ action: "submitted" }, { actor: "李四" }, { actor: "王五", action: "approved" }] });
    const [file] = await db.select({ mediaType: storedFiles.mediaType, name: recordFiles.fileName }).from(recordFiles).innerJoin(storedFiles, eq(storedFiles.id, recordFiles.fileId)).where(eq(recordFiles.recordId, documentId));
    expect(file).toEqual({ mediaType: "application/pdf", name: "BX-2024-0001.pdf" });
    const [audit] = await db.select().from(auditEvents).where(and(eq(auditEvents.targetType, "record"), eq(auditEvents.targetId, documentId)));
    expect(audit).toMatchObject({ action: "record.created_by_import", fondsId: fonds.id });

    const voucherId = await voucher("41", ["BX-2024-0001"]);
    expect(await linked(voucherId, documentId)).toBe(1);
  });

  it("links a claim that arrives after the voucher citing it, accepts OFD forms, and answers a repeat as unchanged", async () => {
    const { db } = testDb();
    const { send, voucher, linked, stored } = await setup(db);
    const voucherId = await voucher("42", ["BX-2024-0002"]);
    const body = claim("BX-2024-0002", { name: "BX-2024-0002.ofd", contentBase64: await ofd() });
    const received = await send(body);
    expect(received).toMatchObject({ ok: true, value: { outcome: "created", linkedVouchers: 1 } });
    const documentId = received.ok ? received.value.recordId : "";
    expect(await linked(voucherId, documentId)).toBe(1);

    const before = await stored();
    expect(await send(body)).toEqual({ ok: true, value: { recordId: documentId, outcome: "unchanged", linkedVouchers: 1 } });
    expect(await stored()).toEqual(before);
    expect(await linked(voucherId, documentId)).toBe(1);
  });

  it("refuses a wrong key, a form that is not approved, not OFD or PDF, or not base64, and stores nothing", async () => {
    const { db } = testDb();
    const { send, stored } = await setup(db);
    const before = await stored();
    const good = claim("BX-2024-0003");
    const refusals = [
      [await send(good, "acta_oa_forged"), "auth.bad_api_key"],
      [await send(good, null), "auth.unauthenticated"],
      [await send({ ...good, trail: [...good.trail, { step: "总经理", actor: "赵六", action: "rejected", at: "2024-03-15T09:00:00+08:00" }] }), "validation.invalid_input"],
      [await send({ ...good, trail: [] }), "validation.invalid_input"],
      [await send({ ...good, date: "2024-02-30" }), "validation.invalid_input"],
      [await send({ ...good, amount: 1200.5 }), "validation.invalid_input"],
      [await send(null), "validation.invalid_input"],
      [await send({ ...good, form: { name: "claim.txt", contentBase64: Buffer.from("just text").toString("base64") } }), "oa.document_form_type"],
      [await send({ ...good, form: { name: "claim.pdf", contentBase64: "%%% not base64 %%%" } }), "oa.document_form_invalid"],
    ] as const;
    for (const [result, code] of refusals) expect(result).toMatchObject({ ok: false, error: { code } });
    expect(await stored()).toEqual(before);
  });
});
