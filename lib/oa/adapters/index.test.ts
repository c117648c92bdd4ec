import { describe, expect, it } from "vitest";
import { approval, ended } from "../__fixtures__/approval";
import { oaKinds } from "../types";
import { signGeneric } from "./generic";
import { getOaSchemas, loadOaConnector, oaKindSchema } from "./index";

const now = new Date("2024-06-12T03:30:00.000Z");

describe("OA adapter registry", () => {
  it("has settings and secrets schemas for every kind", () => {
    for (const kind of oaKinds) {
      const { configSchema, secretsSchema } = getOaSchemas(kind);
      expect(configSchema.safeParse({}).success).toBe(false);
      expect(secretsSchema.safeParse({}).success).toBe(false);
    }
    expect(oaKindSchema.safeParse("teams").success).toBe(false);
  });

  it("reports invalid settings and secrets by path, never by value", () => {
    expect(loadOaConnector("dingtalk", { baseUrl: "not a url" }, { token: "t", aesKey: "short" })).toEqual({
      ok: false,
      error: {
        code: "validation.invalid_input",
        fields: {
          "config.baseUrl": "validation.invalid_format",
          "config.ownerKey": "validation.required",
          "config.appKey": "validation.required",
          "config.processCode": "validation.required",
          "secrets.aesKey": "validation.invalid_format",
          "secrets.appSecret": "validation.required",
        },
      },
    });
  });

  it("binds a connector whose methods carry the validated settings", () => {
    const secret = "registry-secret-0123456789abcdefghij";
    const loaded = loadOaConnector("generic", { baseUrl: "http://127.0.0.1:4016" }, { hmacSecret: secret });
    if (!loaded.ok) throw new Error(loaded.error.code);
    const connector = loaded.value;
    expect(connector.kind).toBe("generic");
    expect(connector.tokenFlow).toBeNull();
    expect(connector.buildCompletion(ended, { now })).toEqual({ ok: true, value: [] });
    const built = connector.buildOutbound(approval, { now });
    expect(built.ok && built.value[0]?.url).toBe("http://127.0.0.1:4016/approvals");

    const rawBody = JSON.stringify({ eventId: "r-1", type: "approval.decided", externalId: "X-1", decision: "approved", decidedAt: "2024-06-12T03:29:00Z" });
    const timestamp = String(now.getTime() / 1000);
    const verified = connector.verifyCallback({ method: "POST", url: "/cb", headers: { "X-Acta-Timestamp": timestamp, "X-Acta-Signature": signGeneric(secret, timestamp, rawBody) }, rawBody }, now);
    expect(verified.ok && verified.value.type === "event" && verified.value.eventId).toBe("r-1");
  });

  it("exposes the token flow of OAs that need one", () => {
    const loaded = loadOaConnector(
      "wecom",
      { corpId: "ww1", templateId: "T1", controls: { title: "a", summary: "b", fondsName: "c", detailUrl: "d" } },
      { token: "t", aesKey: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", corpSecret: "s" },
    );
    expect(loaded.ok && loaded.value.tokenFlow?.buildTokenRequest().url).toBe("https://qyapi.weixin.qq.com/cgi-bin/gettoken?corpid=ww1&corpsecret=s");
  });
});
