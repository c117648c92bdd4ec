import { describe, expect, it } from "vitest";
import { loadOaConnector } from "../adapters";
import { wecomConnectorForm } from "../__fixtures__/wecom-form";
import { describeOaFields, readOaFields } from "./describe-oa-fields";

describe("connector form fields from the adapters' schemas", () => {
  it("lists the generic scheme's path and secret, without the base URL", () => {
    expect(describeOaFields("generic")).toEqual([
      { name: "config.approvalsPath", key: "approvalsPath", group: "config", type: "text", required: false, defaultValue: "/approvals" },
      { name: "secrets.hmacSecret", key: "hmacSecret", group: "secrets", type: "text", required: true },
    ]);
  });

  it("flattens nested maps and types enums, numbers and switches", () => {
    const fields = describeOaFields("wecom");
    expect(fields.find((f) => f.name === "config.controls.detailUrl")).toMatchObject({ type: "text", required: true });
    expect(fields.find((f) => f.name === "config.approverMode")).toMatchObject({ type: "enum", options: ["any", "all"], defaultValue: "any" });
    expect(fields.find((f) => f.name === "config.useTemplateApprover")).toMatchObject({ type: "boolean", required: false });
    expect(describeOaFields("weaver").find((f) => f.key === "utcOffsetMinutes")).toMatchObject({ type: "number", defaultValue: 480 });
  });

  it("reads a posted form back into settings the adapter accepts", () => {
    const { config, secrets } = readOaFields("wecom", wecomConnectorForm({ "config.approverMode": "all", "config.defaultCreatorUserId": "", "secrets.corpSecret": "" }));
    expect(config).toEqual({ corpId: "wwcorp", templateId: "tpl", controls: { title: "c1", summary: "c2", fondsName: "c3", detailUrl: "c4" }, approverMode: "all", useTemplateApprover: false });
    expect(secrets).not.toHaveProperty("corpSecret");
    expect(loadOaConnector("wecom", { ...config, baseUrl: "https://qyapi.weixin.qq.com" }, { ...secrets, corpSecret: "s" }).ok).toBe(true);
    expect(readOaFields("weaver", { "config.utcOffsetMinutes": "540" }).config.utcOffsetMinutes).toBe(540);
  });
});
