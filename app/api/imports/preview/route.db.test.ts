import { describe, expect, it, vi } from "vitest";
import { contextFor, makeUser } from "@/db/test/factories";
import { makeConnector } from "@/db/test/import-factories";
import { testDb } from "@/db/test/setup";
import type { ServiceContext } from "@/lib/context";

// The handler runs as Next would run it; only the session lookup is stood in for.
const session = vi.hoisted(() => ({ ctx: null as ServiceContext | null }));
vi.mock("server-only", () => ({}));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "user-agent": "vitest" }) }));
vi.mock("@/app/_server/context", () => ({ getServiceContext: async () => session.ctx, getActor: async () => null }));

const { POST: preview } = await import("./route");

const boundary = "----acta-preview-test";
const form = (connectorId: string, bytes: Buffer, headers: Record<string, string> = {}) =>
  new Request("http://acta.test/api/imports/preview", {
    method: "POST",
    body: Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="connectorId"\r\n\r\n${connectorId}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="v.csv"\r\nContent-Type: text/csv\r\n\r\n`),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}`, ...headers },
  });

describe("POST /api/imports/preview", () => {
  it("refuses a body declared larger than a preview reads before reading it, instead of holding a whole 1 GiB package in memory to say so", async () => {
    const { db } = testDb();
    const { fonds, connector } = await makeConnector(db);
    session.ctx = contextFor(db, (await makeUser(db, [{ role: "archivist", fondsId: fonds.id }])).actor);
    const big = form(connector.id, Buffer.from("凭证字,凭证号\n"), { "content-length": String(1024 * 1024 * 1024) });
    const answer = await preview(big);
    expect(answer.status).toBe(413);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe("imports-ui.preview_too_large");
    expect(big.bodyUsed).toBe(false);
  });
});
