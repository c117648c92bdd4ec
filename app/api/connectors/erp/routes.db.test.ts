import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { getDbHandle } from "@/db";
import { auditEvents, erpConnectors, imports, recordLinks } from "@/db/schema";
import { contextFor, makeFonds, makeUser } from "@/db/test/factories";
import { endlessRequest } from "@/db/test/endless-request";
import { fixture, makeConnector } from "@/db/test/import-factories";
import { testDb } from "@/db/test/setup";
import type { ServiceContext } from "@/lib/context";
import { travelVoucher } from "@/lib/erp/__fixtures__/vouchers";
import { formatMessage } from "@/lib/i18n/load-messages";
import { setErpConnectorActive } from "@/lib/erp/connectors/set-erp-connector-active";
import { DOCUMENT_BODY_MAX_BYTES } from "@/lib/erp/import/keep-source-document";
import { PUSH_BODY_MAX_BYTES } from "@/lib/erp/import/push-vouchers";
import { runImport } from "@/lib/erp/import/run-import";
import { prepareQueues } from "@/lib/jobs/worker";

const MAX_UPLOAD = 1024 * 1024;
process.env.ACTA_DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), "acta-routes-test-"));
process.env.ACTA_MAX_UPLOAD_BYTES = String(MAX_UPLOAD);

// The handlers run as Next would run them; only the session lookup and request headers are stood in for.
const session = vi.hoisted(() => ({ ctx: null as ServiceContext | null, locale: "zh-CN" }));
vi.mock("server-only", () => ({}));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "user-agent": "vitest" }) }));
vi.mock("@/app/_server/context", () => ({
  getServiceContext: async () => session.ctx,
  getActor: async () => (session.ctx?.actor ? { ...session.ctx.actor, locale: session.locale } : null),
}));

const { GET: listConnectors, POST: createConnector } = await import("./route");
const { POST: upload, GET: history } = await import("./[connectorId]/imports/route");
const { GET: status } = await import("./[connectorId]/imports/[importId]/route");
const { GET: errorsCsv } = await import("./[connectorId]/imports/[importId]/errors.csv/route");
const { POST: pushVouchers } = await import("./[connectorId]/vouchers/route");
const { POST: pushDocument } = await import("./[connectorId]/documents/route");

beforeAll(async () => {
  // Key-authenticated requests use the process-wide database, as in production.
  process.env.DATABASE_URL = inject("databaseUrl");
  await prepareQueues(inject("databaseUrl"));
}, 60_000);

afterAll(async () => {
  await getDbHandle().close();
});

const URL_BASE = "http://acta.test/api/connectors/erp";
const params = <T extends Record<string, string>>(p: T) => ({ params: Promise.resolve(p) });

function multipart(fileName: string, bytes: Buffer, headers: Record<string, string> = {}, fields: Record<string, string> = {}) {
  const boundary = "----acta-test-boundary";
  const body = Buffer.concat([
    ...Object.entries(fields).map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return new Request(`${URL_BASE}/x/imports`, { method: "POST", body, headers: { "content-type": `multipart/form-data; boundary=${boundary}`, ...headers } });
}

const json = (body: unknown, headers: Record<string, string> = {}) =>
  new Request(`${URL_BASE}/x`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", ...headers } });

describe("ERP connector routes", () => {
  it("takes an upload with the connector's key (202), reports its status and serves its errors as CSV for Excel", async () => {
    session.ctx = null;
    const { db } = testDb();
    const { connector } = await makeConnector(db);
    const auth = { authorization: `Bearer ${connector.apiKey}` };
    const res = await upload(multipart("k3-with-errors.csv", readFileSync(fixture("errors/k3-with-errors.csv")), auth), params({ connectorId: connector.id }));
    expect(res.status).toBe(202);
    const started = (await res.json()) as { id: string; state: string };
    expect(started.state).toBe("queued");
    await runImport(db, started.id);

    const polled = await status(new Request(`${URL_BASE}/x`, { headers: auth }), params({ connectorId: connector.id, importId: started.id }));
    expect(polled.status).toBe(200);
    const body = (await polled.json()) as { state: string; counts: Record<string, number>; errors: { row: number; field: string; value: string; code: string; message: Record<string, string> }[] };
    expect(body).toMatchObject({ state: "succeeded", counts: { rows: 5, vouchers: 3, created: 0, updated: 0, unchanged: 0, rejected: 4, conflicts: 0 } });
    expect(body.errors[0]).toMatchObject({ row: 2, field: "借方", value: "12,34x", code: "erp.amount_invalid", message: { "zh-CN": expect.stringContaining("第2行，凭证 记-21"), en: expect.stringContaining("Row 2") } });

    const csv = await errorsCsv(new Request(`${URL_BASE}/x`, { headers: auth }), params({ connectorId: connector.id, importId: started.id }));
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString("utf8").slice(1).trim().split("\r\n");
    expect(lines[0]).toContain("行号 Row");
    expect(lines).toHaveLength(5);

    const list = await history(new Request(`${URL_BASE}/x`, { headers: auth }), params({ connectorId: connector.id }));
    expect(((await list.json()) as { imports: { id: string }[] }).imports.map((i) => i.id)).toEqual([started.id]);
  });

  it("reads one upload with the format and column mapping chosen for it, also on a re-run, and refuses a bad choice storing nothing", async () => {
    session.ctx = null;
    const { db } = testDb();
    const { connector } = await makeConnector(db);
    const auth = { authorization: `Bearer ${connector.apiKey}` };
    // Headers no preset knows: detection cannot read it, the chosen mapping can.
    const csv = Buffer.from("单号,记账日,科目编号,借,贷,说明\n7,2024-03-18,6602,100.00,0.00,报销差旅费\n7,2024-03-18,1001,0.00,100.00,报销差旅费\n");
    const mapping = { columns: { voucherNo: "单号", date: "记账日", accountCode: "科目编号", debit: "借", credit: "贷", summary: "说明" } };
    const plain = (await (await upload(multipart("custom.csv", csv, auth), params({ connectorId: connector.id }))).json()) as { id: string };
    expect(await runImport(db, plain.id)).toMatchObject({ ok: true, value: { state: "failed", failure: { code: "erp.format_unknown" } } });

    const res = await upload(multipart("custom.csv", csv, auth, { formatId: "custom", mapping: JSON.stringify(mapping) }), params({ connectorId: connector.id }));
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    expect(await runImport(db, id)).toMatchObject({ ok: true, value: { state: "succeeded", counts: { created: 1, rejected: 0 } } });
    // A crashed run is re-run from the import row alone: the choice is kept there, not in the job.
    await db.update(imports).set({ state: "running" }).where(eq(imports.id, id));
    expect(await runImport(db, id)).toMatchObject({ ok: true, value: { state: "succeeded", counts: { created: 1 } } });
    const [row] = await db.select({ formatId: imports.formatId, detection: imports.detection }).from(imports).where(eq(imports.id, id));
    expect(row).toMatchObject({ formatId: "custom", detection: { choice: { formatId: "custom", mapping: { columns: mapping.columns } }, reason: "erp.detected_given" } });

    const before = (await db.select().from(imports).where(eq(imports.connectorId, connector.id))).length;
    const refusals: [Record<string, string>, string][] = [
      [{ formatId: "custom" }, "import.mapping_required"],
      [{ formatId: "custom", mapping: "{not json" }, "imports-ui.mapping_not_json"],
      [{ formatId: "custom", mapping: JSON.stringify({ columns: { voucherNo: "单号" } }) }, "import.mapping_invalid"],
      [{ formatId: "kingdee-k3", mapping: JSON.stringify(mapping) }, "import.mapping_needs_custom"],
      [{ formatId: "no-such-erp" }, "validation.invalid_input"],
    ];
    for (const [fields, code] of refusals) {
      const refused = await upload(multipart("custom.csv", csv, auth, fields), params({ connectorId: connector.id }));
      expect([400, 422]).toContain(refused.status);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    expect(await db.select().from(imports).where(eq(imports.connectorId, connector.id))).toHaveLength(before);
  });

  it("answers 401 without credentials and 403 for a wrong key, another connector's key or a malformed header, storing nothing", async () => {
    session.ctx = null;
    const { db } = testDb();
    const { connector } = await makeConnector(db);
    const other = await makeConnector(db);
    const file = readFileSync(fixture("kingdee-k3/voucher-export-bom.csv"));
    const cases: [Record<string, string>, number, string][] = [
      [{}, 401, "auth.unauthenticated"],
      [{ authorization: "Bearer acta_erp_wrong" }, 403, "import.api_key_invalid"],
      [{ authorization: `Bearer ${other.connector.apiKey}` }, 403, "import.api_key_invalid"],
      [{ authorization: `Basic ${connector.apiKey}` }, 403, "import.api_key_invalid"],
    ];
    for (const [headers, code, error] of cases) {
      const res = await upload(multipart("v.csv", file, headers), params({ connectorId: connector.id }));
      expect(res.status).toBe(code);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(error);
    }
    expect(await db.select().from(imports).where(eq(imports.connectorId, connector.id))).toEqual([]);
  });

  it("lets a signed-in user import only where they hold record.import", async () => {
    const { db } = testDb();
    const { fonds, connector } = await makeConnector(db);
    const file = readFileSync(fixture("kingdee-k3/voucher-export-bom.csv"));
    session.ctx = contextFor(db, (await makeUser(db, [{ role: "auditor", fondsId: fonds.id }])).actor);
    expect((await upload(multipart("v.csv", file), params({ connectorId: connector.id }))).status).toBe(403);
    session.ctx = contextFor(db, (await makeUser(db, [{ role: "archivist", fondsId: fonds.id }])).actor);
    expect((await upload(multipart("v.csv", file), params({ connectorId: connector.id }))).status).toBe(202);
  });

  it("words a browser's errors in the language its pages speak and a keyed ERP's by Accept-Language", async () => {
    const { db } = testDb();
    const { fonds, connector } = await makeConnector(db);
    const file = readFileSync(fixture("kingdee-k3/voucher-export-bom.csv"));
    const messageOf = async (headers: Record<string, string>) => {
      const res = await upload(multipart("v.csv", file, { "accept-language": "en-US,en;q=0.9", ...headers }), params({ connectorId: connector.id }));
      return ((await res.json()) as { error: { message: string } }).error.message;
    };
    session.ctx = contextFor(db, (await makeUser(db, [{ role: "auditor", fondsId: fonds.id }])).actor);
    expect(await messageOf({ cookie: "authjs.session-token=t; NEXT_LOCALE=zh-CN" })).toBe(formatMessage("zh-CN", "auth.forbidden"));
    session.locale = "zh-CN";
    expect(await messageOf({ cookie: "authjs.session-token=t" })).toBe(formatMessage("zh-CN", "auth.forbidden"));
    session.locale = "en";
    expect(await messageOf({ cookie: "authjs.session-token=t" })).toBe(formatMessage("en", "auth.forbidden"));
    session.ctx = null;
    expect(await messageOf({ authorization: "Bearer acta_erp_wrong", cookie: "NEXT_LOCALE=zh-CN" })).toBe(formatMessage("en", "import.api_key_invalid"));
    session.locale = "zh-CN";
  });

  it("refuses a declared oversize body with 413 and a body that is not multipart with 400", async () => {
    session.ctx = null;
    const { db } = testDb();
    const { connector } = await makeConnector(db);
    const auth = { authorization: `Bearer ${connector.apiKey}` };
    const big = multipart("big.csv", Buffer.alloc(MAX_UPLOAD + 100 * 1024, 0x41), auth);
    const tooBig = await upload(big, params({ connectorId: connector.id }));
    expect(tooBig.status).toBe(413);
    expect(((await tooBig.json()) as { error: { message: string } }).error.message).toContain("字节");
    const notMultipart = await upload(json({ file: "x" }, auth), params({ connectorId: connector.id }));
    expect(notMultipart.status).toBe(400);
    expect(await db.select().from(imports).where(eq(imports.connectorId, connector.id))).toEqual([]);
  });

  it("stops reading a voucher batch or document past what any such body needs (413), even from the connector's own ERP", async () => {
    session.ctx = null;
    const { db } = testDb();
    const { connector } = await makeConnector(db);
    const headers = { authorization: `Bearer ${connector.apiKey}`, "idempotency-key": "too-big-1" };
    const batch = endlessRequest(`${URL_BASE}/x/vouchers`, headers);
    const batchRes = await pushVouchers(batch.req, params({ connectorId: connector.id }));
    expect(batchRes.status).toBe(413);
    expect(((await batchRes.json()) as { error: { code: string } }).error.code).toBe("request.body_too_large");
    expect(batch.sent()).toBeLessThan(PUSH_BODY_MAX_BYTES + 4 * 1024 * 1024);
    const document = endlessRequest(`${URL_BASE}/x/documents`, headers);
    const documentRes = await pushDocument(document.req, params({ connectorId: connector.id }));
    expect(documentRes.status).toBe(413);
    expect(document.sent()).toBeLessThan(DOCUMENT_BODY_MAX_BYTES + 4 * 1024 * 1024);
  });

  it("pushes vouchers only with an Idempotency-Key, replays a retry and answers 409 to a reused key", async () => {
    session.ctx = null;
    const { db } = testDb();
    const { connector } = await makeConnector(db);
    const auth = { authorization: `Bearer ${connector.apiKey}` };
    const p = params({ connectorId: connector.id });
    expect((await pushVouchers(json({ vouchers: [travelVoucher] }, auth), p)).status).toBe(400);
    const first = await pushVouchers(json({ vouchers: [travelVoucher] }, { ...auth, "idempotency-key": "batch-1" }), p);
    expect(first.status).toBe(200);
    expect(((await first.json()) as { results: { outcome: string }[] }).results[0]!.outcome).toBe("created");
    const retry = await pushVouchers(json({ vouchers: [travelVoucher] }, { ...auth, "idempotency-key": "batch-1" }), p);
    expect(((await retry.json()) as { replayed: boolean }).replayed).toBe(true);
    const reused = await pushVouchers(json({ vouchers: [{ ...travelVoucher, voucherNo: "99" }] }, { ...auth, "idempotency-key": "batch-1" }), p);
    expect(reused.status).toBe(409);
  });

  it("refuses a signed-in user who may not import into the connector's fonds before reading the body, so no one without the right makes the server parse a batch of any size", async () => {
    const { db } = testDb();
    const { fonds, connector } = await makeConnector(db);
    session.ctx = contextFor(db, (await makeUser(db, [{ role: "borrower", fondsId: fonds.id }])).actor);
    const p = params({ connectorId: connector.id });
    const requests = [json({ vouchers: [travelVoucher] }, { "idempotency-key": "unread" }), json({ kind: "receipt", documentNo: "R-1", date: "2024-03-01" })];
    const answers = [await pushVouchers(requests[0]!, p), await pushDocument(requests[1]!, p)];
    expect(answers.map((a) => a.status)).toEqual([403, 403]);
    expect(requests.map((r) => r.bodyUsed)).toEqual([false, false]);
    const unknown = json({ vouchers: [travelVoucher] }, { "idempotency-key": "unread" });
    expect((await pushVouchers(unknown, params({ connectorId: "00000000-0000-4000-8000-000000000000" }))).status).toBe(404);
    expect(unknown.bodyUsed).toBe(false);
  });

  it("takes pushed vouchers without a sourceSystem, as /api/openapi.json describes them, the connector's being theirs whatever they say", async () => {
    session.ctx = null;
    const { db } = testDb();
    const { connector } = await makeConnector(db);
    const auth = { authorization: `Bearer ${connector.apiKey}` };
    const p = params({ connectorId: connector.id });
    const { sourceSystem: _ignored, ...withoutSource } = travelVoucher;
    const first = (await (await pushVouchers(json({ vouchers: [withoutSource] }, { ...auth, "idempotency-key": "no-source" }), p)).json()) as { results: { outcome: string; problems?: unknown }[] };
    expect(first.results).toEqual([expect.objectContaining({ outcome: "created" })]);
    const named = (await (await pushVouchers(json({ vouchers: [{ ...travelVoucher, sourceSystem: "another-erp" }] }, { ...auth, "idempotency-key": "other-source" }), p)).json()) as { results: { outcome: string }[] };
    expect(named.results).toEqual([expect.objectContaining({ outcome: "unchanged" })]);
  });

  it("refuses a deactivated connector's key, uploads and queued imports, keeps its imports readable, and takes the same key again once reactivated", async () => {
    const { db } = testDb();
    const { fonds, connector } = await makeConnector(db);
    const admin = contextFor(db, (await makeUser(db, [{ role: "sysadmin", fondsId: null }])).actor);
    const archivist = contextFor(db, (await makeUser(db, [{ role: "archivist", fondsId: fonds.id }])).actor);
    const auth = { authorization: `Bearer ${connector.apiKey}` };
    const p = params({ connectorId: connector.id });
    const file = readFileSync(fixture("kingdee-k3/voucher-export-bom.csv"));
    session.ctx = null;
    const done = (await (await upload(multipart("done.csv", file, auth), p)).json()) as { id: string };
    await runImport(db, done.id);
    const waiting = (await (await upload(multipart("waiting.csv", file, auth), p)).json()) as { id: string };

    expect(await setErpConnectorActive(archivist, { connectorId: connector.id, active: false })).toEqual({ ok: false, error: { code: "auth.forbidden" } });
    expect(await setErpConnectorActive(admin, { connectorId: connector.id, active: "false" })).toEqual({ ok: true, value: { id: connector.id, active: false } });
    expect(await setErpConnectorActive(admin, { connectorId: connector.id, active: false })).toEqual({
      ok: false,
      error: { code: "import.connector_already_inactive", params: { name: connector.name } },
    });

    const refused = async (res: Response, status: number, code: string) => {
      expect(res.status).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    };
    await refused(await upload(multipart("v.csv", file, auth), p), 403, "import.api_key_invalid");
    await refused(await pushVouchers(json({ vouchers: [travelVoucher] }, { ...auth, "idempotency-key": "stopped-1" }), p), 403, "import.api_key_invalid");
    session.ctx = archivist;
    await refused(await upload(multipart("v.csv", file), p), 400, "import.connector_inactive");
    expect(await runImport(db, waiting.id)).toMatchObject({ ok: true, value: { state: "failed", failure: { code: "import.connector_inactive" } } });
    // What it imported stays readable to the archivist: status and history.
    expect((await status(new Request(`${URL_BASE}/x`), params({ connectorId: connector.id, importId: done.id }))).status).toBe(200);
    const list = (await (await history(new Request(`${URL_BASE}/x`), p)).json()) as { imports: { id: string }[] };
    expect(list.imports.map((i) => i.id).sort()).toEqual([done.id, waiting.id].sort());
    expect(await db.select().from(imports).where(eq(imports.connectorId, connector.id))).toHaveLength(2);

    expect(await setErpConnectorActive(admin, { connectorId: connector.id, active: true })).toEqual({ ok: true, value: { id: connector.id, active: true } });
    session.ctx = null;
    expect((await upload(multipart("again.csv", file, auth), p)).status).toBe(202);
    const trail = await db.select({ action: auditEvents.action, data: auditEvents.data }).from(auditEvents).where(and(eq(auditEvents.targetType, "erp_connector"), eq(auditEvents.targetId, connector.id))).orderBy(asc(auditEvents.id));
    expect(trail.map((e) => e.action)).toEqual(["erp_connector.created", "erp_connector.deactivated", "erp_connector.reactivated"]);
    expect(trail[1]!.data).toEqual({ name: connector.name });
    expect(await setErpConnectorActive(admin, { connectorId: "00000000-0000-4000-8000-000000000000", active: true })).toEqual({ ok: false, error: { code: "import.connector_not_found" } });
    expect(await setErpConnectorActive(admin, { connectorId: connector.id, active: "maybe" })).toMatchObject({ ok: false, error: { code: "validation.invalid_input" } });
  });

  it("links business documents and vouchers that cite them, whichever arrives first", async () => {
    session.ctx = null;
    const { db } = testDb();
    const { connector } = await makeConnector(db);
    const auth = { authorization: `Bearer ${connector.apiKey}` };
    const p = params({ connectorId: connector.id });
    const order = { kind: "sales_order", documentNo: "SO-2024-0031", date: "2024-03-02", counterparty: "华南贸易有限公司", amount: "58000.00", lines: [{ item: "A-100", qty: 10 }], file: { name: "SO-2024-0031.pdf", contentBase64: Buffer.from("%PDF-1.4\n%%EOF\n").toString("base64") } };
    const created = await pushDocument(json(order, auth), p);
    expect(created.status).toBe(201);
    const doc = (await created.json()) as { recordId: string; linkedVouchers: number };
    expect(doc.linkedVouchers).toBe(0);
    const voucher = { ...travelVoucher, voucherNo: "31", documentRefs: ["SO-2024-0031", "DN-2024-0007"] };
    const pushed = (await (await pushVouchers(json({ vouchers: [voucher] }, { ...auth, "idempotency-key": "v31" }), p)).json()) as { results: { recordId: string }[] };
    const voucherId = pushed.results[0]!.recordId;
    expect(await db.select().from(recordLinks).where(and(eq(recordLinks.fromRecordId, voucherId), eq(recordLinks.toRecordId, doc.recordId)))).toHaveLength(1);

    const late = await pushDocument(json({ kind: "delivery_note", documentNo: "DN-2024-0007", date: "2024-03-03" }, auth), p);
    expect(((await late.json()) as { linkedVouchers: number }).linkedVouchers).toBe(1);
    const again = await pushDocument(json(order, auth), p);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { outcome: string }).outcome).toBe("unchanged");
    const bad = await pushDocument(json({ ...order, date: "2024-02-30" }, auth), p);
    expect(bad.status).toBe(422);
  });

  it("creates connectors for the system administrator only, shows the key once, and lists connectors by fonds", async () => {
    const { db } = testDb();
    const fonds = await makeFonds(db);
    const admin = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
    const accountant = await makeUser(db, [{ role: "accountant", fondsId: fonds.id }]);
    session.ctx = contextFor(db, accountant.actor);
    expect((await createConnector(json({ fondsId: fonds.id, name: "金蝶", sourceSystem: "k3" }))).status).toBe(403);
    session.ctx = contextFor(db, admin.actor);
    const res = await createConnector(json({ fondsId: fonds.id, name: "金蝶 K/3", sourceSystem: "k3", formatId: "kingdee-k3" }));
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; apiKey: string; apiKeyPrefix: string };
    expect(created.apiKey).toMatch(/^acta_erp_[A-Za-z0-9_-]{40,}$/);
    const [row] = await db.select().from(erpConnectors).where(eq(erpConnectors.id, created.id));
    expect(row!.apiKeyHash).not.toContain(created.apiKey);
    expect(created.apiKey.startsWith(row!.apiKeyPrefix!)).toBe(true);
    expect((await createConnector(json({ fondsId: fonds.id, name: "x", sourceSystem: "k3", formatId: "custom" }))).status).toBe(400);

    session.ctx = contextFor(db, accountant.actor);
    const listed = (await (await listConnectors(new Request(URL_BASE))).json()) as { id: string; fondsId: string; apiKeyHash?: string }[];
    expect(listed.map((c) => [c.id, c.fondsId])).toEqual([[created.id, fonds.id]]);
    expect(listed[0]!.apiKeyHash).toBeUndefined();
    session.ctx = null;
    expect((await listConnectors(new Request(URL_BASE))).status).toBe(401);
  });
});
