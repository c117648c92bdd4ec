import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { oaCallbacks } from "@/db/schema";
import { getDbHandle } from "@/db";
import { endlessRequest } from "@/db/test/endless-request";
import { makeFonds } from "@/db/test/factories";
import { makeGenericOaConnector } from "@/db/test/oa-factories";
import { testDb } from "@/db/test/setup";
import { DOCUMENT_BODY_MAX_BYTES } from "@/lib/erp/import/keep-source-document";

vi.mock("server-only", () => ({}));
// The OA's servers send no cookies, so no session is ever looked up (error messages follow Accept-Language).
vi.mock("@/app/_server/context", () => ({ getActor: async () => null }));

const { POST: pushDocument } = await import("./[connectorId]/documents/route");
const { POST: launch } = await import("./[connectorId]/launch/route");
const { POST: callback } = await import("./[connectorId]/callback/route");

beforeAll(() => {
  // Key-authenticated requests use the process-wide database, as in production.
  process.env.DATABASE_URL = inject("databaseUrl");
});

afterAll(async () => {
  await getDbHandle().close();
});

/** A request whose body reports whether anyone started reading it. */
function watchedRequest(url: string, headers: Record<string, string>) {
  const seen = { read: false };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      seen.read = true;
      controller.enqueue(new TextEncoder().encode(JSON.stringify({ kind: "expense_claim" })));
      controller.close();
    },
    // Pulled only when someone reads, not to fill a queue ahead of them.
  }, { highWaterMark: 0 });
  const req = new Request(url, { method: "POST", body, headers: { "content-type": "application/json", ...headers }, duplex: "half" } as RequestInit);
  return { req, seen };
}

describe("POST /api/connectors/oa/{id}/documents", () => {
  it("refuses a caller without the connector's key before reading its body, so nobody unauthenticated can make the server buffer a huge upload", async () => {
    const { db } = testDb();
    const f = await makeFonds(db);
    const oa = await makeGenericOaConnector(db, f.id);
    const url = `http://acta.test/api/connectors/oa/${oa.id}/documents`;
    for (const headers of [{}, { authorization: "Bearer acta_oa_wrong-key" }] as Record<string, string>[]) {
      const { req, seen } = watchedRequest(url, headers);
      const res = await pushDocument(req, { params: Promise.resolve({ connectorId: oa.id }) });
      expect([401, 403]).toContain(res.status);
      expect(seen.read).toBe(false);
    }
  });

  it("POST …/launch refuses a caller without the key before reading its body too", async () => {
    const { db } = testDb();
    const f = await makeFonds(db);
    const oa = await makeGenericOaConnector(db, f.id);
    for (const headers of [{}, { authorization: "Bearer acta_oa_wrong-key" }] as Record<string, string>[]) {
      const { req, seen } = watchedRequest(`http://acta.test/api/connectors/oa/${oa.id}/launch`, headers);
      const res = await launch(req, { params: Promise.resolve({ connectorId: oa.id }) });
      expect([401, 403]).toContain(res.status);
      expect(seen.read).toBe(false);
    }
  });

  it("POST …/documents and …/launch stop reading a body past what any such request needs (413), even with the right key", async () => {
    const { db } = testDb();
    const f = await makeFonds(db);
    const oa = await makeGenericOaConnector(db, f.id);
    const auth = { authorization: `Bearer ${oa.apiKey}` };
    const document = endlessRequest(`http://acta.test/api/connectors/oa/${oa.id}/documents`, auth);
    const docRes = await pushDocument(document.req, { params: Promise.resolve({ connectorId: oa.id }) });
    expect(docRes.status).toBe(413);
    expect(((await docRes.json()) as { error: { code: string } }).error.code).toBe("request.body_too_large");
    expect(document.sent()).toBeLessThan(DOCUMENT_BODY_MAX_BYTES + 4 * 1024 * 1024);
    const launchReq = endlessRequest(`http://acta.test/api/connectors/oa/${oa.id}/launch`, auth);
    const launchRes = await launch(launchReq.req, { params: Promise.resolve({ connectorId: oa.id }) });
    expect(launchRes.status).toBe(413);
    expect(launchReq.sent()).toBeLessThan(4 * 1024 * 1024);
  });

  it("POST …/callback answers 413 to a body larger than any vendor sends, without reading it all", async () => {
    const { db } = testDb();
    const f = await makeFonds(db);
    const oa = await makeGenericOaConnector(db, f.id);
    // An endless body: the route must stop reading instead of buffering it.
    const { req, sent } = endlessRequest(`http://acta.test/api/connectors/oa/${oa.id}/callback`);
    const res = await callback(req, { params: Promise.resolve({ connectorId: oa.id }) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("oa.body_too_large");
    expect(sent()).toBeLessThan(4 * 1024 * 1024);
    expect(await db.select().from(oaCallbacks).where(eq(oaCallbacks.connectorId, oa.id))).toHaveLength(0);
    // An ordinary body still reaches the verifier whole (here: unsigned, so refused as a forgery and logged by its digest).
    const small = await callback(new Request(`http://acta.test/api/connectors/oa/${oa.id}/callback`, { method: "POST", body: '{"eventId":"e1"}' }), { params: Promise.resolve({ connectorId: oa.id }) });
    expect(small.status).toBe(401);
    const [log] = await db.select().from(oaCallbacks).where(eq(oaCallbacks.connectorId, oa.id));
    expect(log?.bodySha256).toBe(createHash("sha256").update('{"eventId":"e1"}').digest("hex"));
  });
});
