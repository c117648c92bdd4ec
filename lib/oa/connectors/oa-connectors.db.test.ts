import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, oaConnectors } from "@/db/schema";
import { contextFor, makeFonds, makeUser } from "@/db/test/factories";
import { testDb } from "@/db/test/setup";
import { hashApiKey } from "@/lib/crypto/api-key";
import { wecomConnectorForm } from "../__fixtures__/wecom-form";
import { createOaConnector } from "./create-oa-connector";
import { readOaFields } from "./describe-oa-fields";
import { authenticateOaServer, loadOaRuntime } from "./load-oa-runtime";
import { listOaConnectors } from "./list-oa-connectors";
import { rotateOaConnectorKey } from "./rotate-oa-connector-key";
import { setOaUserMapping } from "./set-oa-user-mapping";
import { updateOaConnector } from "./update-oa-connector";

const SECRET = "plaintext-secret-that-must-never-be-stored-0001";

async function setup() {
  const { db } = testDb();
  const f = await makeFonds(db);
  const admin = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
  return { db, f, admin, ctx: contextFor(db, admin.actor) };
}

const input = (fondsId: string) => ({
  fondsId,
  kind: "generic",
  name: "自建 OA",
  baseUrl: "https://oa.example.cn",
  config: { approvalsPath: "/acta/approvals" },
  secrets: { hmacSecret: SECRET },
  allowedOrigins: ["https://oa.example.cn"],
});

describe("OA connectors", () => {
  it("stores secrets encrypted, shows the API key once and audits the creation", async () => {
    const { db, f, ctx } = await setup();
    const r = await createOaConnector(ctx, input(f.id));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { connector, apiKey } = r.value;
    expect(connector.secretHints).toEqual({ hmacSecret: "••••••0001" });
    expect(JSON.stringify(connector)).not.toContain(SECRET);
    const [row] = await db.select().from(oaConnectors).where(eq(oaConnectors.id, connector.id));
    expect(JSON.stringify(row)).not.toContain(SECRET);
    expect(JSON.stringify(row)).not.toContain(apiKey);
    expect(row!.apiKeyHash).toBe(hashApiKey(apiKey));
    const runtime = await loadOaRuntime(db, connector.id);
    expect(runtime.ok && runtime.value.connector.kind).toBe("generic");
    expect((await authenticateOaServer(db, connector.id, apiKey)).ok).toBe(true);
    expect(await authenticateOaServer(db, connector.id, `${apiKey}x`)).toMatchObject({ ok: false, error: { code: "auth.bad_api_key" } });
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.targetId, connector.id));
    expect(audit.map((a) => a.action)).toEqual(["oa_connector.created"]);
    expect(JSON.stringify(audit)).not.toContain(SECRET);
    const listed = await listOaConnectors(ctx);
    expect(listed.ok && listed.value.some((c) => c.id === connector.id)).toBe(true);
  });

  it("refuses bad settings, bad origins and non-administrators, storing nothing", async () => {
    const { db, f, ctx } = await setup();
    const clerk = await makeUser(db, [{ role: "archivist", fondsId: f.id }]);
    const before = (await db.select().from(oaConnectors).where(eq(oaConnectors.fondsId, f.id))).length;
    const short = await createOaConnector(ctx, { ...input(f.id), secrets: { hmacSecret: "short" } });
    expect(short).toMatchObject({ ok: false, error: { code: "validation.invalid_input", fields: { "secrets.hmacSecret": "validation.too_small" } } });
    const origin = await createOaConnector(ctx, { ...input(f.id), allowedOrigins: ["https://oa.example.cn/path; script-src *"] });
    expect(origin).toMatchObject({ ok: false, error: { code: "validation.invalid_input" } });
    expect(origin.ok || Object.keys(origin.error.fields ?? {})).toEqual(["allowedOrigins.0"]);
    const forbidden = await createOaConnector(contextFor(db, clerk.actor), input(f.id));
    expect(forbidden).toMatchObject({ ok: false, error: { code: "auth.forbidden" } });
    const noFonds = await createOaConnector(ctx, { ...input(crypto.randomUUID()) });
    expect(noFonds).toMatchObject({ ok: false, error: { code: "oa.fonds_not_found" } });
    expect((await db.select().from(oaConnectors).where(eq(oaConnectors.fondsId, f.id))).length).toBe(before);
  });

  it("refuses a WeCom notifying AgentId that is not a whole positive number, by its field, storing nothing", async () => {
    const { db, f, ctx } = await setup();
    const form = (agentId: string) => wecomConnectorForm({ "config.notifyAgentId": agentId });
    const wecom = (agentId: string) => createOaConnector(ctx, { fondsId: f.id, kind: "wecom", name: "企业微信", baseUrl: "https://qyapi.weixin.qq.com", ...readOaFields("wecom", form(agentId)) });
    // A browser's number field can still send these; a hand-made post can send anything.
    for (const [typed, code] of [
      ["abc", "validation.not_a_number"],
      ["1000002x", "validation.not_a_number"],
      ["0x10", "validation.not_a_number"],
      ["1e3", "validation.not_a_number"],
      ["1.5", "validation.not_an_integer"],
      ["-2", "validation.too_small"],
      ["0", "validation.too_small"],
    ] as const) {
      const refused = await wecom(typed);
      expect(refused, typed).toMatchObject({ ok: false, error: { code: "validation.invalid_input", fields: { "config.notifyAgentId": code } } });
    }
    // The template's controls left blank: each is named, not their group, which has no field to mark red.
    const noControls = Object.fromEntries(Object.entries(form("")).filter(([name]) => !name.startsWith("config.controls.")));
    const blank = await createOaConnector(ctx, { fondsId: f.id, kind: "wecom", name: "企业微信", baseUrl: "https://qyapi.weixin.qq.com", ...readOaFields("wecom", noControls) });
    expect(blank.ok || blank.error.fields).toEqual({
      "config.controls.title": "validation.required",
      "config.controls.summary": "validation.required",
      "config.controls.fondsName": "validation.required",
      "config.controls.detailUrl": "validation.required",
    });
    expect(await db.select().from(oaConnectors).where(eq(oaConnectors.fondsId, f.id))).toEqual([]);
    // Blank leaves WeCom untold; a real AgentId is kept as a number, spaces around it ignored.
    const untold = await wecom("");
    expect(untold.ok && untold.value.connector.config).not.toHaveProperty("notifyAgentId");
    const told = await wecom(" 1000002 ");
    expect(told.ok && told.value.connector.config.notifyAgentId).toBe(1000002);
  });

  it("keeps stored secrets when the form leaves them blank, replaces them when typed, and rotates the key", async () => {
    const { db, f, ctx } = await setup();
    const r = await createOaConnector(ctx, input(f.id));
    if (!r.ok) throw new Error(r.error.code);
    const id = r.value.connector.id;
    const renamed = await updateOaConnector(ctx, { id, name: "新名字", secrets: { hmacSecret: "" } });
    expect(renamed.ok && renamed.value.name).toBe("新名字");
    expect(renamed.ok && renamed.value.secretHints).toEqual({ hmacSecret: "••••••0001" });
    const bad = await updateOaConnector(ctx, { id, secrets: { hmacSecret: "too-short" } });
    expect(bad).toMatchObject({ ok: false, error: { code: "validation.invalid_input" } });
    const replaced = await updateOaConnector(ctx, { id, secrets: { hmacSecret: "another-secret-of-at-least-32-chars-9999" } });
    expect(replaced.ok && replaced.value.secretHints).toEqual({ hmacSecret: "••••••9999" });
    const rotated = await rotateOaConnectorKey(ctx, { id });
    if (!rotated.ok) throw new Error(rotated.error.code);
    expect((await authenticateOaServer(db, id, r.value.apiKey)).ok).toBe(false);
    expect((await authenticateOaServer(db, id, rotated.value.apiKey)).ok).toBe(true);
    const audit = await db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.targetId, id)).orderBy(asc(auditEvents.id));
    expect(audit.map((a) => a.action)).toEqual(["oa_connector.created", "oa_connector.updated", "oa_connector.updated", "oa_connector.key_rotated"]);
  });

  it("maps OA users to existing Acta users only", async () => {
    const { db, f, ctx } = await setup();
    const finance = await makeUser(db, [{ role: "finance_approver", fondsId: f.id }]);
    const r = await createOaConnector(ctx, input(f.id));
    if (!r.ok) throw new Error(r.error.code);
    const id = r.value.connector.id;
    expect(await setOaUserMapping(ctx, { connectorId: id, oaUserId: "zhangsan", username: finance.username })).toEqual({ ok: true, value: { userId: finance.id } });
    expect(await setOaUserMapping(ctx, { connectorId: id, oaUserId: "lisi", username: "nobody-here" })).toMatchObject({ ok: false, error: { code: "oa.user_not_found" } });
  });
});
