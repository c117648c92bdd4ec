import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { auditEvents, records, volumes } from "@/db/schema";
import { makeArchiveFonds, makeMonth, makeVoucher, tempStore, noAntivirus } from "@/db/test/archive-factories";
import { contextFor } from "@/db/test/factories";
import { testDb } from "@/db/test/setup";
import type { ServiceContext } from "@/lib/context";
import { proposeVolumes } from "@/lib/filing/propose-volumes";
import { runFilingChecks } from "@/lib/filing/run-filing-checks";

// Filed files land in the process's store; the records here have none, but the store must be configured.
process.env.ACTA_DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), "acta-filing-routes-test-"));

// The handlers run as Next would run them; only the session lookup and request headers are stood in for.
const session = vi.hoisted(() => ({ ctx: null as ServiceContext | null, locale: "zh-CN" }));
vi.mock("server-only", () => ({}));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "user-agent": "vitest" }) }));
vi.mock("@/app/_server/context", () => ({
  getServiceContext: async () => session.ctx,
  getActor: async () => (session.ctx?.actor ? { ...session.ctx.actor, locale: session.locale } : null),
}));

const { POST: submit } = await import("./route");
const { GET: showFiling } = await import("./[id]/route");
const { POST: decide } = await import("../approvals/[id]/decisions/route");
const { GET: showRecord } = await import("../records/[id]/route");
const { GET: openapi } = await import("../openapi.json/route");
const { GET: checkReport } = await import("../check-runs/[id]/[file]/route");

const BASE = "http://acta.test/api";
const params = (id: string) => ({ params: Promise.resolve({ id }) });
const post = (body: unknown) => new Request(`${BASE}/x`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
const get = () => new Request(`${BASE}/x`);
const DAT70 = /^[1-4]-\d{1,2}$/;

interface FilingBody {
  id: string;
  approvalId: string;
  state: string;
  records: { id: string; state: string; archivalCode: string | null }[];
  heldBack: { id: string; reasons: { code: string; params: { item: string } }[] }[];
  checks: { runId: string; results: { code: string; outcome: string; recordId: string | null }[] };
  decision: { decision: string; comment: string | null; by: string | null } | null;
}

describe("filing through the API (issue item 9)", () => {
  it("files a month: POST /api/filings, GET it back, approve, and the record shows its code, volume, expiry and checks", async () => {
    const { db } = testDb();
    const { fonds, archivist, approver } = await makeArchiveFonds(db);
    const ids = await makeMonth(db, fonds.id, { 记: 3 }, 2023, 12);
    const unbalanced = await makeVoucher(db, { fondsId: fonds.id, fiscalYear: 2023, period: 12, word: "收", no: 1, lines: [{ debit: "10.00", credit: "0" }, { debit: "0", credit: "9.00" }] });

    session.ctx = null;
    expect((await submit(post({ fondsId: fonds.id, fiscalYear: 2023, period: 12 }))).status).toBe(401);
    session.ctx = contextFor(db, approver.actor);
    expect((await submit(post({ fondsId: fonds.id, fiscalYear: 2023, period: 12 }))).status).toBe(403);
    session.ctx = contextFor(db, archivist.actor);
    expect((await submit(post({ fondsId: fonds.id, fiscalYear: 2023, period: 13 }))).status).toBe(422);

    const res = await submit(post({ fondsId: fonds.id, fiscalYear: 2023, period: 12 }));
    expect(res.status).toBe(201);
    const filing = (await res.json()) as FilingBody;
    expect(filing).toMatchObject({ id: expect.any(String), approvalId: expect.any(String), state: "pending", decision: null });
    expect(filing.records.map((r) => [r.id, r.state]).sort()).toEqual(ids["记"]!.map((id) => [id, "filing"]).sort());
    expect(filing.heldBack).toEqual([{ id: unbalanced, title: expect.any(String), reasons: [expect.objectContaining({ code: "archive.check.unbalanced", params: expect.objectContaining({ item: "1-5" }) })] }]);
    expect(filing.checks.results.length).toBeGreaterThan(45);
    expect(filing.checks.results.every((r) => DAT70.test(r.code))).toBe(true);
    expect(new Set(filing.checks.results.map((r) => r.code)).size).toBe(45);

    const shown = await showFiling(get(), params(filing.id));
    expect(shown.status).toBe(200);
    expect(await shown.json()).toEqual(filing);

    // Only the fonds' finance approver decides; the archivist who asked cannot approve their own request.
    expect((await decide(post({ decision: "approve" }), params(filing.approvalId))).status).toBe(403);
    session.ctx = contextFor(db, approver.actor);
    expect((await decide(post({ decision: "maybe" }), params(filing.approvalId))).status).toBe(422);
    const approved = await decide(post({ decision: "approve", comment: "同意归档" }), params(filing.approvalId));
    expect(approved.status).toBe(200);
    expect(await approved.json()).toEqual({ approvalId: filing.approvalId, state: "approved", outcome: "recorded" });
    expect(await (await decide(post({ decision: "approve" }), params(filing.approvalId))).json()).toMatchObject({ outcome: "duplicate" });
    const conflicting = await decide(post({ decision: "reject", comment: "晚到的驳回" }), params(filing.approvalId));
    expect(conflicting.status).toBe(409);
    expect(await conflicting.json()).toMatchObject({ error: { code: "approval.already_decided" } });

    session.ctx = contextFor(db, archivist.actor);
    const after = (await (await showFiling(get(), params(filing.id))).json()) as FilingBody;
    expect(after).toMatchObject({ state: "approved", decision: { decision: "approve", comment: "同意归档", by: `测试 ${approver.username}` } });
    const record = await showRecord(get(), params(ids["记"]![0]!));
    expect(record.status).toBe(200);
    const body = (await record.json()) as Record<string, unknown> & { checks: { code: string }[] };
    expect(body).toMatchObject({
      id: ids["记"]![0],
      state: "archived",
      archivalCode: `${fonds.code}-KU·PZ·2023·D30-0001-0001`,
      volume: { id: expect.any(String), volumeNo: 1, title: "2023年12月 记字 第1-3号" },
      retention: "Y30",
      retentionExpiresOn: "2053-12-31",
      checkStatus: "passed",
    });
    expect(body.checks.length).toBeGreaterThan(0);
    expect(body.checks.every((c) => DAT70.test(c.code))).toBe(true);
    expect((await showRecord(get(), params(unbalanced))).status).toBe(200);

    // Someone outside the fonds does not learn that the filing or the record exist.
    const stranger = await makeArchiveFonds(db);
    session.ctx = contextFor(db, stranger.archivist.actor);
    expect((await showFiling(get(), params(filing.id))).status).toBe(404);
    expect((await showRecord(get(), params(ids["记"]![0]!))).status).toBe(404);
  });

  it("files volumes named by id alone, and a rejection returns the records to collected with the approver's comment", async () => {
    const { db } = testDb();
    const { fonds, archivist, approver } = await makeArchiveFonds(db);
    const ids = await makeMonth(db, fonds.id, { 记: 2, 收: 2 });
    const proposed = await proposeVolumes(contextFor(db, archivist.actor), { fondsId: fonds.id, fiscalYear: 2024, period: 3 });
    if (!proposed.ok) throw new Error(JSON.stringify(proposed.error));
    const receipts = proposed.value.volumes.find((v) => v.title.includes("收字"))!;

    session.ctx = contextFor(db, archivist.actor);
    const other = await makeArchiveFonds(db);
    expect((await submit(post({ fondsId: other.fonds.id, volumeIds: [receipts.id] }))).status).toBe(404);
    const res = await submit(post({ volumeIds: [receipts.id] }));
    expect(res.status).toBe(201);
    const filing = (await res.json()) as FilingBody;
    expect(filing.records.map((r) => r.id).sort()).toEqual([...ids["收"]!].sort());
    const [stillOpen] = await db.select({ state: records.state }).from(records).where(eq(records.id, ids["记"]![0]!));
    expect(stillOpen!.state).toBe("collected");

    session.ctx = contextFor(db, approver.actor);
    const rejected = await decide(post({ decision: "reject", comment: "收字第2号缺银行回单" }), params(filing.approvalId));
    expect(await rejected.json()).toMatchObject({ state: "rejected", outcome: "recorded" });

    session.ctx = contextFor(db, archivist.actor);
    const after = (await (await showFiling(get(), params(filing.id))).json()) as FilingBody;
    expect(after).toMatchObject({ state: "rejected", decision: { decision: "reject", comment: "收字第2号缺银行回单", by: `测试 ${approver.username}` } });
    expect(after.records.every((r) => r.state === "collected" && r.archivalCode === null)).toBe(true);
    const [volume] = await db.select({ state: volumes.state }).from(volumes).where(eq(volumes.id, receipts.id));
    expect(volume!.state).toBe("open");
    // Fixed and submitted again, the same volume files.
    expect((await submit(post({ volumeIds: [receipts.id] }))).status).toBe(201);
  });

  it("stops reading a command body past 1 MiB (413) instead of buffering and parsing whatever a signed-in user sends", async () => {
    const { db } = testDb();
    const { fonds, approver } = await makeArchiveFonds(db);
    session.ctx = contextFor(db, approver.actor);
    const huge = { fondsId: fonds.id, fiscalYear: 2023, period: 12, padding: "x".repeat(2 * 1024 * 1024) };
    const answers = [await submit(post(huge)), await decide(post({ decision: "approve", comment: huge.padding }), params(crypto.randomUUID()))];
    expect(answers.map((a) => a.status)).toEqual([413, 413]);
    for (const a of answers) expect(((await a.json()) as { error: { code: string } }).error.code).toBe("request.body_too_large");
  });

  it("documents every route and the record's fields in /api/openapi.json", async () => {
    const doc = (await (await openapi()).json()) as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, { required?: string[]; properties: Record<string, unknown> }> } };
    expect(Object.keys(doc.paths["/api/filings"]!)).toContain("post");
    expect(Object.keys(doc.paths["/api/filings/{id}"]!)).toContain("get");
    expect(Object.keys(doc.paths["/api/approvals/{id}/decisions"]!)).toContain("post");
    expect(Object.keys(doc.paths["/api/records/{id}"]!)).toContain("get");
    expect(Object.keys(doc.paths["/api/records"]!)).toContain("get");
    expect(Object.keys(doc.paths["/api/records/export"]!)).toContain("get");
    expect(doc.components.schemas.Filing!.required).toEqual(expect.arrayContaining(["id", "approvalId", "records", "heldBack", "checks"]));
    expect(doc.components.schemas.Record!.required).toEqual(expect.arrayContaining(["state", "archivalCode", "volume", "retentionExpiresOn", "checks"]));
    expect(doc.components.schemas.CheckResult!.required).toContain("code");
  });

  it("hands over the check report in the language the reader's pages speak, not the operating system's", async () => {
    const { db } = testDb();
    const { fonds, archivist } = await makeArchiveFonds(db);
    await makeVoucher(db, { fondsId: fonds.id, no: 1 });
    const s = await tempStore();
    session.ctx = contextFor(db, archivist.actor);
    try {
      const run = await runFilingChecks(session.ctx, { fondsId: fonds.id, fiscalYear: 2024, period: 3 }, { store: s.store, antivirus: noAntivirus });
      if (!run.ok) throw new Error(run.error.code);
      const download = (cookie: string) =>
        checkReport(new Request(`${BASE}/check-runs/${run.value.runId}/report.xlsx`, { headers: { cookie, "accept-language": "zh-CN,zh;q=0.9" } }), { params: Promise.resolve({ id: run.value.runId, file: "report.xlsx" }) });
      session.locale = "en";
      const first = await download("authjs.session-token=t");
      expect(first.status).toBe(200);
      // Streamed from the finished file: a whole workbook, as long as the header promised.
      const bytes = Buffer.from(await first.arrayBuffer());
      expect(bytes.subarray(0, 2).toString()).toBe("PK");
      expect(first.headers.get("content-length")).toBe(String(bytes.length));
      expect((await download("authjs.session-token=t; NEXT_LOCALE=zh-CN")).status).toBe(200);
      const trail = await db.select({ data: auditEvents.data }).from(auditEvents).where(and(eq(auditEvents.action, "filing.check_report_exported"), eq(auditEvents.targetId, run.value.runId))).orderBy(auditEvents.id);
      expect(trail.map((e) => (e.data as { locale: string }).locale)).toEqual(["en", "zh-CN"]);
    } finally {
      session.locale = "zh-CN";
      await s.cleanup();
    }
  });
});
