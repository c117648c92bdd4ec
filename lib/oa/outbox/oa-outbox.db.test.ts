import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { approvalDecisions, approvalRequests, auditEvents, oaCallbacks, oaConnectors, oaOutbox } from "@/db/schema";
import { makeArchiveFonds, makeVoucher, filingDeps } from "@/db/test/archive-factories";
import { contextFor, makeUser } from "@/db/test/factories";
import { mapOaUser } from "@/db/test/oa-factories";
import { testDb } from "@/db/test/setup";
import { type ServiceContext, systemContext } from "@/lib/context";
import { decideApproval } from "@/lib/approvals/decide-approval";
import { withdrawApproval } from "@/lib/approvals/withdraw-approval";
import { submitFiling } from "@/lib/filing/submit-filing";
import { prepareQueues } from "@/lib/jobs/worker";
import { fixedRandom } from "../__fixtures__/test-kit";
import { signGeneric } from "../adapters/generic";
import { receiveOaCallback } from "../callbacks/receive-oa-callback";
import { createOaConnector } from "../connectors/create-oa-connector";
import { wxEncrypt, wxSignature } from "../crypto/wx-aes";
import type { CallbackRequest } from "../types";
import { deliverOaMessage } from "./deliver-oa-message";
import { listOaOutbox } from "./list-oa-outbox";
import { OUTBOX_MAX_ATTEMPTS } from "./outbox-policy";
import { retryOaMessage } from "./retry-oa-message";

/**
 * A local stand-in OA: it checks each request's shape as the vendor would, fails the first
 * `failures` create requests, then accepts and counts the approvals it really created.
 */
interface StandIn {
  url: string;
  failures: number;
  created: Map<string, string>;
  problems: string[];
  /** gettoken calls: WeCom rate-limits them and asks for the token to be reused until it expires. */
  tokens: number;
  /** e-cology unified to-do pushes, in order: whose to-do, for which flow, in which state (0 待办, 2 已办). */
  todos: { flowid: string; receiver: string; isremark: string }[];
  /** Feishu creates whose reply is lost on the way back (the connection drops after the instance exists). */
  lostReplies: number;
  /**
   * The next DingTalk or WeCom create: `reset` and `502` make the instance and lose the reply (connection
   * dropped, gateway error); `502-before` fails without making it. Either way Acta cannot tell which.
   */
  nextCreate: "reset" | "502" | "502-before" | null;
  /** Instances of DingTalk and WeCom: their creator and the link in their form, which lookups read. */
  instances: Map<string, { creator: string; link: string; at: number }>;
  /** List and detail requests of lookups. */
  lookups: number;
  /** DingTalk terminate and Feishu cancel calls that ended an instance: which one, and the remark DingTalk keeps. */
  ended: { id: string; remark?: string }[];
  /**
   * The OA refuses to end a running instance: Feishu when the definition does not allow withdrawing (撤回)
   * pending requests, DingTalk when the app lacks the workflow write permission.
   */
  refuseEnd: boolean;
  /** Instances that finished in the OA itself (an approver answered, the initiator withdrew), by their status there; the OA refuses to end them. */
  finishedInOa: Map<string, string>;
  /** Reads of one instance's status or form (DingTalk processInstances GET, Feishu get-instance). */
  instanceReads: number;
  /** The instance reads fail (the OA's query API down) while its other APIs answer. */
  readsDown: boolean;
  /** WeCom application messages (message/send) that reached the stand-in, as sent. */
  messages: { touser: string; msgtype: string; agentid: number; textcard: { title: string; description: string; url: string; btntxt: string } }[];
}

const SECRET = "stand-in-shared-secret-0123456789";
let server: Server;
const standIn: StandIn = { url: "", failures: 0, created: new Map(), problems: [], tokens: 0, todos: [], lostReplies: 0, nextCreate: null, instances: new Map(), lookups: 0, ended: [], refuseEnd: false, finishedInOa: new Map(), instanceReads: 0, readsDown: false, messages: [] };
const cleanups: (() => Promise<void>)[] = [];

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function check(condition: boolean, problem: string) {
  if (!condition) standIn.problems.push(problem);
}

/** Makes a DingTalk or WeCom instance, unless `nextCreate` says this create fails first; then answers, or loses the answer. */
function createInstance(res: ServerResponse, id: string, creator: string, link: string, answer: () => void) {
  const mode = standIn.nextCreate;
  standIn.nextCreate = null;
  if (mode === "502-before") return res.writeHead(502).end("Bad Gateway");
  standIn.created.set(id, id);
  standIn.instances.set(id, { creator, link, at: Date.now() });
  if (mode === "reset") return res.destroy();
  if (mode === "502") return res.writeHead(502).end("Bad Gateway");
  return answer();
}

beforeAll(async () => {
  await prepareQueues(inject("databaseUrl"));
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    const text = await body(req);
    const reply = (status: number, json: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(json));
    if (url.pathname === "/generic/approvals") {
      const ts = String(req.headers["x-acta-timestamp"]);
      check(req.headers["x-acta-signature"] === signGeneric(SECRET, ts, text), "generic: bad signature");
      const event = JSON.parse(text) as Record<string, unknown>;
      check(event.type === "approval.requested" && event.eventId === `approval.requested:${String(event.approvalId)}`, "generic: envelope");
      check(JSON.stringify(event.approvers) === '["oa-finance"]' && event.requester === "oa-archivist", "generic: people");
      check(String(event.detailUrl).endsWith(`/embed/approvals/${String(event.approvalId)}`), "generic: detail link");
      if (standIn.failures-- > 0) return reply(503, { error: "busy" });
      const id = `HOME-${String(event.approvalId).slice(0, 8)}`;
      standIn.created.set(String(event.approvalId), id);
      return reply(200, { externalId: id });
    }
    if (url.pathname === "/cgi-bin/gettoken") {
      check(url.searchParams.get("corpid") === "wwcorp" && url.searchParams.get("corpsecret") === "corp-secret", "wecom: token query");
      standIn.tokens += 1;
      return reply(200, { errcode: 0, errmsg: "ok", access_token: "TOKEN-1", expires_in: 7200 });
    }
    if (url.pathname === "/cgi-bin/oa/applyevent") {
      check(url.searchParams.get("access_token") === "TOKEN-1", "wecom: token not used");
      const apply = JSON.parse(text) as { creator_userid: string; template_id: string; approver: { userid: string[] }[]; apply_data: { contents: { id: string }[] } };
      check(apply.creator_userid === "oa-archivist" && apply.template_id === "tpl-archive", "wecom: creator/template");
      check(JSON.stringify(apply.approver[0]?.userid) === '["oa-finance"]', "wecom: approvers");
      check(apply.apply_data.contents.map((c) => c.id).join() === "c-title,c-summary,c-fonds,c-link", "wecom: controls");
      if (standIn.failures-- > 0) return reply(200, { errcode: 301025, errmsg: "system busy" });
      const spNo = `2026${String(standIn.created.size + 1).padStart(8, "0")}`;
      const link = (apply.apply_data.contents.find((c) => c.id === "c-link") as { value?: { text?: string } } | undefined)?.value?.text ?? "";
      return createInstance(res, spNo, apply.creator_userid, link, () => reply(200, { errcode: 0, errmsg: "ok", sp_no: spNo }));
    }
    if (url.pathname === "/cgi-bin/message/send") {
      check(url.searchParams.get("access_token") === "TOKEN-1", "wecom: token not used on message/send");
      const message = JSON.parse(text) as StandIn["messages"][number];
      check(message.msgtype === "textcard" && message.agentid === 1000002, "wecom: message from the notifying app");
      standIn.messages.push(message);
      return reply(200, { errcode: 0, errmsg: "ok", invaliduser: "", msgid: `msg-${standIn.messages.length}` });
    }
    if (url.pathname === "/cgi-bin/oa/getapprovalinfo") {
      standIn.lookups += 1;
      check(url.searchParams.get("access_token") === "TOKEN-1", "wecom: token not used on lookup");
      const query = JSON.parse(text) as { starttime: string; endtime: string; new_cursor: string; size: number; filters: { key: string; value: string }[] };
      check(query.size <= 100 && Number(query.endtime) - Number(query.starttime) <= 31 * 86400, "wecom: list window");
      const filter = (key: string) => query.filters.find((f) => f.key === key)?.value;
      check(filter("template_id") === "tpl-archive", "wecom: template filter");
      // One approval per page, so the lookup must follow new_next_cursor.
      const matching = [...standIn.instances].filter(([id, i]) => /^2026/.test(id) && i.creator === filter("creator") && i.at >= Number(query.starttime) * 1000 && i.at <= Number(query.endtime) * 1000).map(([id]) => id);
      const from = Number(query.new_cursor || 0);
      const rest = from + 1 < matching.length ? { new_next_cursor: String(from + 1) } : {};
      return reply(200, { errcode: 0, errmsg: "ok", sp_no_list: matching.slice(from, from + 1), ...rest });
    }
    if (url.pathname === "/cgi-bin/oa/getapprovaldetail") {
      standIn.lookups += 1;
      const { sp_no } = JSON.parse(text) as { sp_no: string };
      const instance = standIn.instances.get(sp_no);
      if (!instance) return reply(200, { errcode: 301055, errmsg: "no such sp_no" });
      return reply(200, { errcode: 0, errmsg: "ok", info: { sp_no, template_id: "tpl-archive", applyer: { userid: instance.creator }, apply_data: { contents: [{ control: "Text", id: "c-link", value: { text: instance.link } }] } } });
    }
    if (url.pathname === "/v1.0/oauth2/accessToken") {
      return reply(200, { accessToken: "dt-1", expireIn: 7200 });
    }
    if (url.pathname === "/v1.0/workflow/processInstances" && req.method === "POST") {
      check(req.headers["x-acs-dingtalk-access-token"] === "dt-1", "dingtalk: token not used");
      const create = JSON.parse(text) as { originatorUserId: string; processCode: string; formComponentValues: { name: string; value: string }[] };
      check(create.processCode === "PROC-ACTA", "dingtalk: process code");
      const id = `DT-${standIn.created.size + 1}`;
      const link = create.formComponentValues.find((c) => c.name === "详情链接")?.value ?? "";
      return createInstance(res, id, create.originatorUserId, link, () => reply(200, { instanceId: id }));
    }
    if (url.pathname === "/v1.0/workflow/processInstances/terminate") {
      check(req.headers["x-acs-dingtalk-access-token"] === "dt-1", "dingtalk: token not used on terminate");
      const terminate = JSON.parse(text) as { processInstanceId: string; isSystem: boolean; remark: string; operatingUserId?: string };
      check(terminate.isSystem && terminate.operatingUserId === "oa-archivist", "dingtalk: terminate as the system, naming the originator");
      if (!standIn.instances.has(terminate.processInstanceId)) return reply(400, { code: "processInstance.notFound", message: "实例不存在" });
      if (standIn.refuseEnd) return reply(403, { code: "Forbidden.AccessDenied.AccessTokenPermissionDenied", message: "没有调用该接口的权限" });
      if (standIn.finishedInOa.has(terminate.processInstanceId)) return reply(400, { code: "processInstance.status.invalid", message: "审批实例已结束" });
      standIn.ended.push({ id: terminate.processInstanceId, remark: terminate.remark });
      return reply(200, { success: true, result: true });
    }
    if (url.pathname === "/v1.0/workflow/processes/instanceIds/query") {
      standIn.lookups += 1;
      check(req.headers["x-acs-dingtalk-access-token"] === "dt-1", "dingtalk: token not used on lookup");
      const query = JSON.parse(text) as { processCode: string; startTime: number; endTime: number; nextToken: number; maxResults: number; userIds: string[] };
      check(query.processCode === "PROC-ACTA" && query.maxResults <= 20, "dingtalk: list query");
      const matching = [...standIn.instances].filter(([id, i]) => id.startsWith("DT-") && query.userIds.includes(i.creator) && i.at >= query.startTime && i.at <= query.endTime).map(([id]) => id);
      const from = query.nextToken;
      return reply(200, { success: true, result: { list: matching.slice(from, from + 1), ...(from + 1 < matching.length && { nextToken: from + 1 }) } });
    }
    if (url.pathname === "/v1.0/workflow/processInstances" && req.method === "GET") {
      standIn.lookups += 1;
      standIn.instanceReads += 1;
      check(req.headers["x-acs-dingtalk-access-token"] === "dt-1", "dingtalk: token not used on instance read");
      if (standIn.readsDown) return reply(503, { code: "ServiceUnavailable", message: "服务暂不可用" });
      const id = url.searchParams.get("processInstanceId") ?? "";
      const instance = standIn.instances.get(id);
      if (!instance) return reply(400, { code: "processInstanceId.notFound", message: "实例不存在" });
      const status = standIn.finishedInOa.get(id) ?? "RUNNING";
      return reply(200, { success: true, result: { originatorUserId: instance.creator, status, formComponentValues: [{ name: "标题", value: "x" }, { name: "详情链接", value: instance.link }] } });
    }
    if (url.pathname === "/open-apis/auth/v3/tenant_access_token/internal") {
      return reply(200, { code: 0, msg: "ok", tenant_access_token: "t-fs", expire: 7200 });
    }
    if (url.pathname === "/open-apis/approval/v4/instances" && req.method === "POST") {
      check(req.headers.authorization === "Bearer t-fs", "feishu: token not used");
      const { uuid } = JSON.parse(text) as { uuid: string };
      // As Feishu does: one instance per uuid, and a second create with it is refused.
      if (standIn.created.has(uuid)) return reply(400, { code: 60012, msg: "uuid already exists" });
      standIn.created.set(uuid, `FS-${uuid.slice(0, 8)}`);
      if (standIn.lostReplies-- > 0) return res.destroy();
      return reply(200, { code: 0, msg: "success", data: { instance_code: standIn.created.get(uuid) } });
    }
    if (url.pathname === "/open-apis/approval/v4/instances/cancel") {
      check(req.headers.authorization === "Bearer t-fs", "feishu: token not used on cancel");
      const cancel = JSON.parse(text) as { approval_code: string; instance_code: string; user_id: string };
      check(url.searchParams.get("user_id_type") === "user_id" && cancel.user_id === "oa-archivist", "feishu: cancel as the initiator");
      check(cancel.approval_code === "APPROVAL-ACTA", "feishu: cancel names the definition");
      if (standIn.refuseEnd) return reply(400, { code: 1390015, msg: "approval definition does not allow cancel" });
      if (![...standIn.created.values()].includes(cancel.instance_code)) return reply(400, { code: 1390003, msg: "instance code not found" });
      // Feishu documents no stable code for an instance that is no longer pending; this one stands in for it.
      if (standIn.finishedInOa.has(cancel.instance_code)) return reply(400, { code: 1390010, msg: "instance status not support cancel" });
      standIn.ended.push({ id: cancel.instance_code });
      return reply(200, { code: 0, msg: "success", data: {} });
    }
    if (url.pathname.startsWith("/open-apis/approval/v4/instances/") && req.method === "GET") {
      check(req.headers.authorization === "Bearer t-fs", "feishu: token not used on lookup");
      standIn.instanceReads += 1;
      if (standIn.readsDown) return reply(503, { code: 1390000, msg: "service unavailable" });
      // As Feishu does: the instance is read by its instance_code, or by the uuid its create carried.
      const id = decodeURIComponent(url.pathname.split("/").pop()!);
      const code = standIn.created.get(id) ?? ([...standIn.created.values()].includes(id) ? id : undefined);
      return code ? reply(200, { code: 0, msg: "success", data: { instance_code: code, status: standIn.finishedInOa.get(code) ?? "PENDING" } }) : reply(400, { code: 60003, msg: "instance not found" });
    }
    if (url.pathname === "/rest/ofs/ReceiveRequestInfoByJson") {
      const todo = JSON.parse(text) as Record<string, string>;
      check(todo.syscode === "ACTA" && todo.creator === "oa-archivist" && String(todo.pcurl).endsWith(`/embed/approvals/${todo.flowid}`), "weaver: to-do");
      standIn.todos.push({ flowid: todo.flowid!, receiver: todo.receiver!, isremark: todo.isremark! });
      return reply(200, { operResult: "1", message: "" });
    }
    return reply(404, { error: "no such path" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await Promise.all(cleanups.map((c) => c()));
});

const connectorSettings = {
  generic: () => ({ baseUrl: `${standIn.url}/generic`, config: {}, secrets: { hmacSecret: SECRET } }),
  wecom: () => ({
    baseUrl: standIn.url,
    config: { corpId: "wwcorp", templateId: "tpl-archive", controls: { title: "c-title", summary: "c-summary", fondsName: "c-fonds", detailUrl: "c-link" } },
    secrets: { token: "tok", aesKey: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", corpSecret: "corp-secret" },
  }),
  dingtalk: () => ({
    baseUrl: standIn.url,
    config: { ownerKey: "dingcorp", appKey: "dingapp", processCode: "PROC-ACTA" },
    secrets: { token: "tok", aesKey: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", appSecret: "app-secret" },
  }),
  weaver: () => ({ baseUrl: standIn.url, config: { syscode: "ACTA" }, secrets: { callbackSecret: SECRET } }),
  feishu: () => ({
    baseUrl: standIn.url,
    config: { appId: "cli_acta", approvalCode: "APPROVAL-ACTA", widgets: { title: "w1", summary: "w2", fondsName: "w3", detailUrl: "w4" } },
    secrets: { appSecret: "app-secret", verificationToken: "verification-token" },
  }),
};

/** A fonds with an OA connector of `kind`, then a filing submitted there: its request goes to the outbox. */
async function submittedWithOa(kind: keyof typeof connectorSettings, moreConfig: Record<string, unknown> = {}) {
  const { db } = testDb();
  const { fonds, archivist, approver } = await makeArchiveFonds(db);
  const settings = connectorSettings[kind]();
  const created = await createOaConnector(systemContext(db), { fondsId: fonds.id, kind, name: `stand-in ${kind}`, ...settings, config: { ...settings.config, ...moreConfig } });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  const connectorId = created.value.connector.id;
  await mapOaUser(db, connectorId, "oa-archivist", archivist.username);
  await mapOaUser(db, connectorId, "oa-finance", approver.username);
  await makeVoucher(db, { fondsId: fonds.id, no: 1 });
  const submitted = await submitFiling(contextFor(db, archivist.actor), { fondsId: fonds.id, fiscalYear: 2024, period: 3 }, {}, await filingDeps(cleanups));
  if (!submitted.ok) throw new Error(JSON.stringify(submitted.error));
  const approvalId = submitted.value.approvalId!;
  const [message] = await db.select().from(oaOutbox).where(and(eq(oaOutbox.connectorId, connectorId), eq(oaOutbox.approvalId, approvalId)));
  return { db, fonds, archivist, approver, connectorId, approvalId, outboxId: message!.id };
}

const deps = () => ({ fetch, publicBaseUrl: "http://acta.test" });

/** Delivers a completion one try past its last while the stand-in OA refuses every terminate and cancel: each try's outcome. */
async function deliverWhileTheOaRefusesToEnd(ctx: ServiceContext, outboxId: string) {
  standIn.refuseEnd = true;
  try {
    const outcomes = [];
    for (let i = 0; i < OUTBOX_MAX_ATTEMPTS + 1; i++) {
      const r = await deliverOaMessage(ctx, { outboxId }, deps());
      outcomes.push(r.ok ? r.value : r.error.code);
    }
    return outcomes;
  } finally {
    standIn.refuseEnd = false;
  }
}

describe("the OA outbox", () => {
  it.each(["generic", "wecom"] as const)("%s: the stand-in fails twice, then accepts: exactly one approval is created there", async (kind) => {
    const { db, approvalId, outboxId } = await submittedWithOa(kind);
    const jobs = await db.execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = 'oa-deliver' and data->>'outboxId' = ${outboxId}`);
    expect(jobs[0]!.n).toBe(1);
    standIn.failures = 2;
    const before = standIn.created.size;
    const ctx = systemContext(db);
    const outcomes = [];
    for (let i = 0; i < 4; i++) {
      const r = await deliverOaMessage(ctx, { outboxId }, deps());
      outcomes.push(r.ok ? r.value : r.error.code);
    }
    expect(outcomes).toEqual(["retry", "retry", "sent", "skipped"]);
    expect(standIn.problems).toEqual([]);
    expect(standIn.created.size - before).toBe(1);
    const [message] = await db.select().from(oaOutbox).where(eq(oaOutbox.id, outboxId));
    expect(message).toMatchObject({ state: "sent", attempts: 3, lastError: null });
    const [request] = await db.select({ externalRef: approvalRequests.externalRef }).from(approvalRequests).where(eq(approvalRequests.id, approvalId));
    expect(request!.externalRef).toBe(message!.externalId);
    expect(request!.externalRef).toBeTruthy();
    const audit = await db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.targetId, approvalId));
    expect(audit.filter((a) => a.action === "oa_outbox.sent")).toHaveLength(1);
  });

  it("weaver: once the approval is decided in Acta, the approver's to-do in the OA is closed (已办), once", async () => {
    const { db, approver, approvalId, outboxId } = await submittedWithOa("weaver");
    const ctx = systemContext(db);
    expect(await deliverOaMessage(ctx, { outboxId }, deps())).toEqual({ ok: true, value: "sent" });
    const decided = await decideApproval(contextFor(db, approver.actor), { approvalId, decision: "approve", source: "ui" });
    expect(decided.ok).toBe(true);
    const messages = await db.select().from(oaOutbox).where(eq(oaOutbox.approvalId, approvalId)).orderBy(oaOutbox.kind);
    expect(messages.map((m) => [m.kind, m.state])).toEqual([["complete", "pending"], ["create", "sent"]]);
    const completion = messages[0]!;
    const jobs = await db.execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = 'oa-deliver' and data->>'outboxId' = ${completion.id}`);
    expect(jobs[0]!.n).toBe(1);
    expect(await deliverOaMessage(ctx, { outboxId: completion.id }, deps())).toEqual({ ok: true, value: "sent" });
    expect(await deliverOaMessage(ctx, { outboxId: completion.id }, deps())).toEqual({ ok: true, value: "skipped" });
    expect(standIn.todos.filter((t) => t.flowid === approvalId)).toEqual([
      { flowid: approvalId, receiver: "oa-finance", isremark: "0" },
      { flowid: approvalId, receiver: "oa-finance", isremark: "2" },
    ]);
    expect(standIn.problems).toEqual([]);
    const [request] = await db.select({ externalRef: approvalRequests.externalRef }).from(approvalRequests).where(eq(approvalRequests.id, approvalId));
    expect(request!.externalRef).toBe(approvalId);
    const audit = await db.select({ action: auditEvents.action, data: auditEvents.data }).from(auditEvents).where(eq(auditEvents.targetId, approvalId)).orderBy(asc(auditEvents.id));
    expect(audit.filter((a) => a.action === "oa_outbox.sent").map((a) => a.data.kind)).toEqual(["create", "complete"]);
  });

  it("feishu: a create whose reply was lost is found by its uuid on the next try, not refused as a repeat forever", async () => {
    const { db, approvalId, outboxId } = await submittedWithOa("feishu");
    standIn.lostReplies = 1;
    const ctx = systemContext(db);
    expect(await deliverOaMessage(ctx, { outboxId }, deps())).toEqual({ ok: true, value: "retry" });
    expect(standIn.created.get(approvalId)).toBe(`FS-${approvalId.slice(0, 8)}`);
    expect(await deliverOaMessage(ctx, { outboxId }, deps())).toEqual({ ok: true, value: "sent" });
    expect(standIn.problems).toEqual([]);
    const [message] = await db.select().from(oaOutbox).where(eq(oaOutbox.id, outboxId));
    expect(message).toMatchObject({ state: "sent", attempts: 2, externalId: `FS-${approvalId.slice(0, 8)}` });
    const [request] = await db.select({ externalRef: approvalRequests.externalRef }).from(approvalRequests).where(eq(approvalRequests.id, approvalId));
    expect(request!.externalRef).toBe(`FS-${approvalId.slice(0, 8)}`);
  });

  describe.each(["dingtalk", "wecom"] as const)("%s, which has no idempotency key on create", (kind) => {
    /** Another approval of the same requester already in the OA: a lookup must tell it from this one. */
    async function withNeighbour() {
      const other = await submittedWithOa(kind);
      expect(await deliverOaMessage(systemContext(other.db), { outboxId: other.outboxId }, deps())).toEqual({ ok: true, value: "sent" });
      return submittedWithOa(kind);
    }

    it.each(["reset", "502"] as const)("a create whose reply is lost (%s) is found by the retry's lookup: one instance, sent with its id", async (mode) => {
      const { db, approvalId, outboxId } = await withNeighbour();
      const before = standIn.created.size;
      standIn.nextCreate = mode;
      const ctx = systemContext(db);
      expect(await deliverOaMessage(ctx, { outboxId }, deps())).toEqual({ ok: true, value: "retry" });
      const [uncertain] = await db.select().from(oaOutbox).where(eq(oaOutbox.id, outboxId));
      expect(uncertain!.uncertainSince).not.toBeNull();
      expect(await deliverOaMessage(ctx, { outboxId }, deps())).toEqual({ ok: true, value: "sent" });
      expect(await deliverOaMessage(ctx, { outboxId }, deps())).toEqual({ ok: true, value: "skipped" });
      expect(standIn.problems).toEqual([]);
      expect(standIn.created.size - before).toBe(1);
      const made = [...standIn.instances].filter(([, i]) => i.link.endsWith(`/embed/approvals/${approvalId}`)).map(([id]) => id);
      expect(made).toHaveLength(1);
      const [message] = await db.select().from(oaOutbox).where(eq(oaOutbox.id, outboxId));
      expect(message).toMatchObject({ state: "sent", attempts: 2, externalId: made[0], uncertainSince: null });
      const [request] = await db.select({ externalRef: approvalRequests.externalRef }).from(approvalRequests).where(eq(approvalRequests.id, approvalId));
      expect(request!.externalRef).toBe(made[0]);
      const audit = await db.select({ action: auditEvents.action, data: auditEvents.data }).from(auditEvents).where(eq(auditEvents.targetId, approvalId));
      expect(audit.filter((a) => a.action === "oa_outbox.sent").map((a) => a.data.foundExisting)).toEqual([true]);
    });

    it("a create that failed with a 502 before the OA acted: the retry finds nothing and creates once", async () => {
      const { db, approvalId, outboxId } = await withNeighbour();
      const before = standIn.created.size;
      standIn.nextCreate = "502-before";
      const ctx = systemContext(db);
      expect(await deliverOaMessage(ctx, { outboxId }, deps())).toEqual({ ok: true, value: "retry" });
      const lookups = standIn.lookups;
      expect(await deliverOaMessage(ctx, { outboxId }, deps())).toEqual({ ok: true, value: "sent" });
      expect(standIn.lookups).toBeGreaterThan(lookups);
      expect(standIn.problems).toEqual([]);
      expect(standIn.created.size - before).toBe(1);
      const made = [...standIn.instances].filter(([, i]) => i.link.endsWith(`/embed/approvals/${approvalId}`)).map(([id]) => id);
      const [message] = await db.select().from(oaOutbox).where(eq(oaOutbox.id, outboxId));
      expect(message).toMatchObject({ state: "sent", externalId: made[0], uncertainSince: null });
    });
  });

  it("wecom: a refusal with a vendor code made nothing, so its retry creates without a lookup", async () => {
    const { db, outboxId } = await submittedWithOa("wecom");
    standIn.failures = 1;
    const lookups = standIn.lookups;
    const ctx = systemContext(db);
    expect(await deliverOaMessage(ctx, { outboxId }, deps())).toEqual({ ok: true, value: "retry" });
    const [refused] = await db.select().from(oaOutbox).where(eq(oaOutbox.id, outboxId));
    expect(refused!.uncertainSince).toBeNull();
    expect(await deliverOaMessage(ctx, { outboxId }, deps())).toEqual({ ok: true, value: "sent" });
    expect(standIn.lookups).toBe(lookups);
  });

  it("weaver: a decision reaching Acta through Weaver's own callback still closes the to-dos, which e-cology keeps open until told", async () => {
    const { db, connectorId, approvalId, outboxId } = await submittedWithOa("weaver");
    const ctx = systemContext(db);
    expect(await deliverOaMessage(ctx, { outboxId }, deps())).toEqual({ ok: true, value: "sent" });
    const rawBody = JSON.stringify({ eventId: `w-${approvalId}`, type: "approval.decided", approvalId, decision: "approved", decidedAt: new Date().toISOString() });
    const ts = String(Math.floor(Date.now() / 1000));
    const request = { method: "POST", url: "http://acta.test/cb", headers: { "x-acta-timestamp": ts, "x-acta-signature": signGeneric(SECRET, ts, rawBody) }, rawBody };
    expect((await receiveOaCallback(ctx, { connectorId, request })).ok).toBe(true);
    const [completion] = await db.select().from(oaOutbox).where(and(eq(oaOutbox.approvalId, approvalId), eq(oaOutbox.kind, "complete")));
    expect(await deliverOaMessage(ctx, { outboxId: completion!.id }, deps())).toEqual({ ok: true, value: "sent" });
    expect(standIn.todos.filter((t) => t.flowid === approvalId).map((t) => t.isremark)).toEqual(["0", "2"]);
    // Closing a to-do makes e-cology report nothing: a withdrawal arriving now is someone's, refused and kept.
    const withdrawal = JSON.stringify({ eventId: `x-${approvalId}`, type: "approval.withdrawn", approvalId, withdrawnAt: new Date().toISOString() });
    const late = { ...request, headers: { "x-acta-timestamp": ts, "x-acta-signature": signGeneric(SECRET, ts, withdrawal) }, rawBody: withdrawal };
    expect((await receiveOaCallback(ctx, { connectorId, request: late })).ok).toBe(true);
    const logged = await db.select({ outcome: oaCallbacks.outcome }).from(oaCallbacks).where(eq(oaCallbacks.connectorId, connectorId));
    expect(logged.map((l) => l.outcome).sort()).toEqual(["recorded", "refused:approval.already_decided"]);
  });

  it("weaver: an approval decided before its to-do went out sends neither the to-do nor its closing", async () => {
    const { db, approver, approvalId, outboxId } = await submittedWithOa("weaver");
    const ctx = systemContext(db);
    await decideApproval(contextFor(db, approver.actor), { approvalId, decision: "reject", comment: "缺附件", source: "ui" });
    const [completion] = await db.select().from(oaOutbox).where(and(eq(oaOutbox.approvalId, approvalId), eq(oaOutbox.kind, "complete")));
    expect(await deliverOaMessage(ctx, { outboxId: completion!.id }, deps())).toEqual({ ok: true, value: "cancelled" });
    expect(await deliverOaMessage(ctx, { outboxId }, deps())).toEqual({ ok: true, value: "cancelled" });
    expect(standIn.todos.filter((t) => t.flowid === approvalId)).toEqual([]);
    const states = await db.select({ kind: oaOutbox.kind, state: oaOutbox.state }).from(oaOutbox).where(eq(oaOutbox.approvalId, approvalId)).orderBy(oaOutbox.kind);
    expect(states).toEqual([{ kind: "complete", state: "cancelled" }, { kind: "create", state: "cancelled" }]);
    const admin = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
    const listed = await listOaOutbox(contextFor(db, admin.actor), { states: ["cancelled"] });
    expect(listed.ok && listed.value.filter((m) => m.approvalId === approvalId).map((m) => m.kind).sort()).toEqual(["complete", "create"]);
  });

  it.each(["generic", "wecom"] as const)("%s: an OA with no call that ends an approval from outside gets no closing message", async (kind) => {
    const { db, approver, approvalId, outboxId } = await submittedWithOa(kind);
    expect(await deliverOaMessage(systemContext(db), { outboxId }, deps())).toEqual({ ok: true, value: "sent" });
    await decideApproval(contextFor(db, approver.actor), { approvalId, decision: "approve", source: "ui" });
    const kinds = await db.select({ kind: oaOutbox.kind }).from(oaOutbox).where(eq(oaOutbox.approvalId, approvalId));
    expect(kinds).toEqual([{ kind: "create" }]);
  });

  it("reuses the OA's access token until shortly before it expires, and fetches a new one after a failed try", async () => {
    const { db, outboxId } = await submittedWithOa("wecom");
    const again = () => db.update(oaOutbox).set({ state: "pending" }).where(eq(oaOutbox.id, outboxId));
    const at = (ms: number) => ({ ...systemContext(db), now: () => new Date(Date.UTC(2026, 2, 2) + ms) });
    const before = standIn.tokens;
    expect(await deliverOaMessage(at(0), { outboxId }, deps())).toEqual({ ok: true, value: "sent" });
    await again();
    expect(await deliverOaMessage(at(60_000), { outboxId }, deps())).toEqual({ ok: true, value: "sent" });
    expect(standIn.tokens - before).toBe(1);
    // WeCom may revoke a token early: a failed try drops it, so the next one asks for a fresh token.
    await again();
    standIn.failures = 1;
    expect(await deliverOaMessage(at(120_000), { outboxId }, deps())).toEqual({ ok: true, value: "retry" });
    expect(await deliverOaMessage(at(130_000), { outboxId }, deps())).toEqual({ ok: true, value: "sent" });
    expect(standIn.tokens - before).toBe(2);
    // expires_in is 7200 s; near its end the token is renewed rather than risked.
    await again();
    expect(await deliverOaMessage(at(130_000 + 7_000_000), { outboxId }, deps())).toEqual({ ok: true, value: "sent" });
    expect(standIn.tokens - before).toBe(3);
    expect(standIn.problems).toEqual([]);
  });

  it("an OA that cannot be reached is retried later, and the administrator reads why: the socket's error, not fetch's TypeError", async () => {
    const { db, outboxId } = await submittedWithOa("generic");
    // A port just freed on the loopback: nothing listens there, so the connection is refused at once.
    const closed = createNetServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const refused = { ...deps(), fetch: ((_url: string, init: RequestInit) => fetch(`http://127.0.0.1:${port}/`, init)) as typeof fetch };
    expect(await deliverOaMessage(systemContext(db), { outboxId }, refused)).toEqual({ ok: true, value: "retry" });
    const [message] = await db.select().from(oaOutbox).where(eq(oaOutbox.id, outboxId));
    expect(message).toMatchObject({ state: "pending", attempts: 1 });
    expect(JSON.parse(message!.lastError!)).toEqual({ code: "oa.unreachable", params: { reason: "ECONNREFUSED" } });
  });

  it("after the last attempt the message is dead, listed for administrators, and an audited retry revives it", async () => {
    const { db, approvalId, outboxId } = await submittedWithOa("generic");
    standIn.failures = OUTBOX_MAX_ATTEMPTS;
    const ctx = systemContext(db);
    for (let i = 1; i <= OUTBOX_MAX_ATTEMPTS; i++) {
      const r = await deliverOaMessage(ctx, { outboxId }, deps());
      expect(r).toEqual({ ok: true, value: i < OUTBOX_MAX_ATTEMPTS ? "retry" : "dead" });
    }
    const admin = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
    const adminCtx = contextFor(db, admin.actor);
    const listed = await listOaOutbox(adminCtx, { states: ["dead"] });
    const row = listed.ok ? listed.value.find((m) => m.id === outboxId) : undefined;
    expect(row).toMatchObject({ state: "dead", attempts: OUTBOX_MAX_ATTEMPTS, lastError: { code: "oa.vendor_error", params: { vendorCode: "http_503", vendorMessage: "busy" } } });

    const clerk = await makeUser(db, []);
    expect(await retryOaMessage(contextFor(db, clerk.actor), { id: outboxId })).toMatchObject({ ok: false, error: { code: "auth.forbidden" } });
    expect(await retryOaMessage(adminCtx, { id: outboxId })).toEqual({ ok: true, value: null });
    expect(await retryOaMessage(adminCtx, { id: outboxId })).toMatchObject({ ok: false, error: { code: "oa.outbox_not_dead" } });
    standIn.failures = 0;
    expect(await deliverOaMessage(ctx, { outboxId }, deps())).toEqual({ ok: true, value: "sent" });
    const audit = await db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.targetId, approvalId)).orderBy(auditEvents.id);
    expect(audit.map((a) => a.action).filter((a) => a.startsWith("oa_outbox."))).toEqual(["oa_outbox.dead", "oa_outbox.retried", "oa_outbox.sent"]);
  });

  it("two workers delivering one message at once: the OA is called once, the other worker skips it", async () => {
    const { db, outboxId } = await submittedWithOa("generic");
    standIn.failures = 0;
    const before = standIn.created.size;
    let calls = 0;
    let answer!: () => void;
    const answered = new Promise<void>((r) => (answer = r));
    let called!: () => void;
    const inCall = new Promise<void>((r) => (called = r));
    // The first worker's request reaches the OA, which takes its time to answer.
    const slow = { ...deps(), fetch: (async (url: string, init: RequestInit) => {
      calls += 1;
      called();
      await answered;
      return fetch(url, init);
    }) as typeof fetch };
    const ctx = systemContext(db);
    const first = deliverOaMessage(ctx, { outboxId }, slow);
    await inCall;
    const second = deliverOaMessage(ctx, { outboxId }, slow);
    let secondDone = false;
    second.then(() => (secondDone = true), () => (secondDone = true));
    // The second worker is either waiting for the message's row or (wrongly) already through.
    for (let i = 0; i < 750 && !secondDone; i++) {
      const [row] = await db.execute<{ n: number }>(sql`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query ilike '%oa_outbox%'`);
      if (row!.n > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    answer();
    const outcomes = (await Promise.all([first, second])).map((r) => (r.ok ? r.value : r.error.code));
    expect(outcomes).toEqual(["sent", "skipped"]);
    expect(calls).toBe(1);
    expect(standIn.created.size - before).toBe(1);
  });

  it("a message still waiting when the approver decides in Acta is withdrawn, not sent: the OA gets no to-do for a decided approval", async () => {
    const { db, approver, approvalId, outboxId } = await submittedWithOa("generic");
    // The OA was down for the first try; the approver decides in the inbox before the next one.
    standIn.failures = 1;
    const ctx = systemContext(db);
    expect(await deliverOaMessage(ctx, { outboxId }, deps())).toEqual({ ok: true, value: "retry" });
    expect(await decideApproval(contextFor(db, approver.actor), { approvalId, decision: "approve", source: "ui" })).toMatchObject({ ok: true, value: { state: "approved" } });
    const before = standIn.created.size;
    expect(await deliverOaMessage(ctx, { outboxId }, deps())).toEqual({ ok: true, value: "cancelled" });
    expect(standIn.created.size).toBe(before);
    const [message] = await db.select().from(oaOutbox).where(eq(oaOutbox.id, outboxId));
    expect(message).toMatchObject({ state: "cancelled", attempts: 1, externalId: null });
    const audit = await db.select({ action: auditEvents.action, data: auditEvents.data }).from(auditEvents).where(eq(auditEvents.targetId, approvalId)).orderBy(auditEvents.id);
    expect(audit.filter((a) => a.action.startsWith("oa_outbox."))).toEqual([{ action: "oa_outbox.cancelled", data: expect.objectContaining({ kind: "create", attempts: 1 }) }]);
    // A retry of the job later changes nothing.
    expect(await deliverOaMessage(ctx, { outboxId }, deps())).toEqual({ ok: true, value: "skipped" });
  });
});

/** The OA's own event for `instanceId`: its approver agreed, or its applicant withdrew, signed as that OA signs it. */
function ownEvent(kind: "dingtalk" | "feishu", instanceId: string, ending: "decided" | "withdrawn"): CallbackRequest {
  if (kind === "dingtalk") {
    const change = ending === "decided" ? { type: "finish", result: "agree" } : { type: "terminate", staffId: "oa-archivist" };
    const event = { EventType: "bpms_instance_change", processInstanceId: instanceId, processCode: "PROC-ACTA", finishTime: Date.now(), ...change };
    const encrypt = wxEncrypt(connectorSettings.dingtalk().secrets.aesKey, JSON.stringify(event), "dingcorp", fixedRandom);
    const ts = String(Date.now());
    const nonce = randomUUID().slice(0, 8);
    return { method: "POST", url: `http://acta.test/cb?msg_signature=${wxSignature("tok", ts, nonce, encrypt)}&timeStamp=${ts}&nonce=${nonce}`, headers: {}, rawBody: JSON.stringify({ encrypt }) };
  }
  const status = ending === "decided" ? "APPROVED" : "CANCELED";
  const event = { type: "approval_instance", app_id: "cli_acta", approval_code: "APPROVAL-ACTA", instance_code: instanceId, status, operate_time: String(Date.now()) };
  const rawBody = JSON.stringify({ uuid: randomUUID(), token: "verification-token", ts: String(Math.floor(Date.now() / 1000)), type: "event_callback", event });
  return { method: "POST", url: "http://acta.test/cb", headers: {}, rawBody };
}

describe.each(["dingtalk", "feishu"] as const)("%s: a request that ends in Acta ends in the OA too", (kind) => {
  /** A filing whose create reached the stand-in: the OA's instance is pending there. */
  async function inTheOa() {
    const submitted = await submittedWithOa(kind);
    expect(await deliverOaMessage(systemContext(submitted.db), { outboxId: submitted.outboxId }, deps())).toEqual({ ok: true, value: "sent" });
    const [create] = await submitted.db.select().from(oaOutbox).where(eq(oaOutbox.id, submitted.outboxId));
    return { ...submitted, instanceId: create!.externalId! };
  }
  const completionOf = async (db: ReturnType<typeof testDb>["db"], approvalId: string) =>
    db.select().from(oaOutbox).where(and(eq(oaOutbox.approvalId, approvalId), eq(oaOutbox.kind, "complete")));
  const remark = (note: string) => (kind === "dingtalk" ? { remark: note } : {});

  it("decided in Acta's inbox: exactly one terminate/cancel reaches the OA, for the instance the create made", async () => {
    const { db, approver, approvalId, instanceId } = await inTheOa();
    expect(await decideApproval(contextFor(db, approver.actor), { approvalId, decision: "approve", source: "ui" })).toMatchObject({ ok: true, value: { state: "approved" } });
    const [completion] = await completionOf(db, approvalId);
    const jobs = await db.execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = 'oa-deliver' and data->>'outboxId' = ${completion!.id}`);
    expect(jobs[0]!.n).toBe(1);
    const ctx = systemContext(db);
    expect(await deliverOaMessage(ctx, { outboxId: completion!.id }, deps())).toEqual({ ok: true, value: "sent" });
    expect(await deliverOaMessage(ctx, { outboxId: completion!.id }, deps())).toEqual({ ok: true, value: "skipped" });
    expect(standIn.problems).toEqual([]);
    expect(standIn.ended.filter((e) => e.id === instanceId)).toEqual([{ id: instanceId, ...remark("已在 Acta 中批准") }]);
    const [sent] = await completionOf(db, approvalId);
    expect(sent).toMatchObject({ state: "sent", attempts: 1, externalId: instanceId });
    const audit = await db.select({ action: auditEvents.action, data: auditEvents.data }).from(auditEvents).where(eq(auditEvents.targetId, approvalId)).orderBy(asc(auditEvents.id));
    expect(audit.filter((a) => a.action === "oa_outbox.sent").map((a) => [a.data.kind, a.data.externalId])).toEqual([["create", instanceId], ["complete", instanceId]]);
  });

  it("the OA's report of the instance Acta ended is not taken for its applicant's withdrawal, nor kept as a refused one", async () => {
    const { db, approver, connectorId, approvalId, instanceId } = await inTheOa();
    await decideApproval(contextFor(db, approver.actor), { approvalId, decision: "approve", source: "ui" });
    const [completion] = await completionOf(db, approvalId);
    expect(await deliverOaMessage(systemContext(db), { outboxId: completion!.id }, deps())).toEqual({ ok: true, value: "sent" });
    // DingTalk reports a terminate, Feishu a CANCELED instance, as when the applicant withdraws it there.
    expect((await receiveOaCallback(systemContext(db), { connectorId, request: ownEvent(kind, instanceId, "withdrawn") })).ok).toBe(true);
    const [logged] = await db.select({ outcome: oaCallbacks.outcome }).from(oaCallbacks).where(eq(oaCallbacks.connectorId, connectorId));
    expect(logged!.outcome).toBe("ended_in_acta");
    const decisions = await db.select({ decision: approvalDecisions.decision, outcome: approvalDecisions.outcome }).from(approvalDecisions).where(eq(approvalDecisions.requestId, approvalId));
    expect(decisions).toEqual([{ decision: "approve", outcome: "recorded" }]);
    const [request] = await db.select({ state: approvalRequests.state }).from(approvalRequests).where(eq(approvalRequests.id, approvalId));
    expect(request!.state).toBe("approved");
  });

  it("decided on Acta's embedded page opened from the OA: a decision in Acta, so the OA's instance is ended", async () => {
    const { db, approver, approvalId, instanceId } = await inTheOa();
    // As embedDecideAction records it: from the OA, by the mapped user, naming no connector.
    expect(await decideApproval(contextFor(db, approver.actor), { approvalId, decision: "approve", source: "oa", oaUserId: "oa-finance" })).toMatchObject({ ok: true });
    const [completion] = await completionOf(db, approvalId);
    expect(await deliverOaMessage(systemContext(db), { outboxId: completion!.id }, deps())).toEqual({ ok: true, value: "sent" });
    expect(standIn.ended.filter((e) => e.id === instanceId)).toEqual([{ id: instanceId, ...remark("已在 Acta 中批准") }]);
  });

  it("withdrawn in Acta by its requester: the OA's instance is ended, saying it was withdrawn", async () => {
    const { db, archivist, approvalId, instanceId } = await inTheOa();
    expect(await withdrawApproval(contextFor(db, archivist.actor), { approvalId, reason: "月份选错", source: "ui" })).toMatchObject({ ok: true, value: { state: "cancelled" } });
    const [completion] = await completionOf(db, approvalId);
    expect(await deliverOaMessage(systemContext(db), { outboxId: completion!.id }, deps())).toEqual({ ok: true, value: "sent" });
    expect(standIn.problems).toEqual([]);
    expect(standIn.ended.filter((e) => e.id === instanceId)).toEqual([{ id: instanceId, ...remark("已在 Acta 中撤回") }]);
  });

  it.each(["decided", "withdrawn"] as const)("%s by this OA's own callback: the instance ended there already, so nothing is sent back", async (ending) => {
    const { db, connectorId, approvalId, instanceId } = await inTheOa();
    const received = await receiveOaCallback(systemContext(db), { connectorId, request: ownEvent(kind, instanceId, ending) });
    expect(received.ok).toBe(true);
    const [request] = await db.select({ state: approvalRequests.state }).from(approvalRequests).where(eq(approvalRequests.id, approvalId));
    expect(request!.state).toBe(ending === "decided" ? "approved" : "cancelled");
    expect(await completionOf(db, approvalId)).toEqual([]);
    expect(standIn.ended.filter((e) => e.id === instanceId)).toEqual([]);
    const [audited] = await db.select({ data: auditEvents.data }).from(auditEvents).where(and(eq(auditEvents.targetId, approvalId), eq(auditEvents.action, ending === "decided" ? "approval.decided" : "approval.withdrawn")));
    expect(audited!.data).toMatchObject({ source: "oa", connectorId });
  });

  /** What the OA calls an instance its approver approved while Acta ended the request. */
  const approvedThere = kind === "dingtalk" ? "COMPLETED" : "APPROVED";
  /** The OA's refusal to end an instance that finished there (the stand-in's words for it). */
  const finishedRefusal =
    kind === "dingtalk"
      ? { code: "oa.vendor_error", params: { vendorCode: "processInstance.status.invalid", vendorMessage: "审批实例已结束" } }
      : { code: "oa.vendor_error", params: { vendorCode: "1390010", vendorMessage: "instance status not support cancel" } };
  /** Approved in Acta's inbox while (unknown to Acta) the OA's approver answered too: the completion waits to be delivered. */
  async function racedInTheOa() {
    const raced = await inTheOa();
    standIn.finishedInOa.set(raced.instanceId, approvedThere);
    expect(await decideApproval(contextFor(raced.db, raced.approver.actor), { approvalId: raced.approvalId, decision: "approve", source: "ui" })).toMatchObject({ ok: true });
    const [completion] = await completionOf(raced.db, raced.approvalId);
    return { ...raced, completionId: completion!.id };
  }
  const outboxAudit = async (db: ReturnType<typeof testDb>["db"], approvalId: string) =>
    (await db.select({ action: auditEvents.action, data: auditEvents.data }).from(auditEvents).where(eq(auditEvents.targetId, approvalId)).orderBy(asc(auditEvents.id))).filter(
      (a) => a.action.startsWith("oa_outbox.") && a.data.kind === "complete",
    );

  it("an approver answered in the OA as Acta ended the request: the OA refuses to end the finished instance, and the message is done, not a dead letter", async () => {
    const { db, approvalId, instanceId, completionId } = await racedInTheOa();
    const ctx = systemContext(db);
    const reads = standIn.instanceReads;
    expect(await deliverOaMessage(ctx, { outboxId: completionId }, deps())).toEqual({ ok: true, value: "cancelled" });
    expect(standIn.instanceReads - reads).toBe(1);
    expect(await deliverOaMessage(ctx, { outboxId: completionId }, deps())).toEqual({ ok: true, value: "skipped" });
    expect(standIn.problems).toEqual([]);
    expect(standIn.ended.filter((e) => e.id === instanceId)).toEqual([]);
    const [message] = await completionOf(db, approvalId);
    expect(message).toMatchObject({ state: "cancelled", attempts: 1, lastError: null });
    // The record keeps what the OA said and what Acta saw there, so nobody has to retry a message with nothing to end.
    expect(await outboxAudit(db, approvalId)).toEqual([
      { action: "oa_outbox.cancelled", data: expect.objectContaining({ attempts: 1, externalId: instanceId, oaStatus: approvedThere, refusal: finishedRefusal }) },
    ]);
    const admin = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
    const dead = await listOaOutbox(contextFor(db, admin.actor), { states: ["dead"] });
    expect(dead.ok && dead.value.some((m) => m.id === completionId)).toBe(false);
  });

  it("refused while the instance still runs in the OA: retried, then a dead letter with the OA's refusal, as before", async () => {
    const { db, approver, approvalId } = await inTheOa();
    await decideApproval(contextFor(db, approver.actor), { approvalId, decision: "approve", source: "ui" });
    const [completion] = await completionOf(db, approvalId);
    const ctx = systemContext(db);
    const reads = standIn.instanceReads;
    expect(await deliverWhileTheOaRefusesToEnd(ctx, completion!.id)).toEqual([...Array<string>(OUTBOX_MAX_ATTEMPTS - 1).fill("retry"), "dead", "skipped"]);
    // Each refusal was checked against the instance, which was still running every time.
    expect(standIn.instanceReads - reads).toBe(OUTBOX_MAX_ATTEMPTS);
    const refusal =
      kind === "dingtalk"
        ? { code: "oa.vendor_error", params: { vendorCode: "Forbidden.AccessDenied.AccessTokenPermissionDenied", vendorMessage: "没有调用该接口的权限" } }
        : { code: "oa.vendor_error", params: { vendorCode: "1390015", vendorMessage: "approval definition does not allow cancel" } };
    const [dead] = await completionOf(db, approvalId);
    expect(dead).toMatchObject({ state: "dead", attempts: OUTBOX_MAX_ATTEMPTS });
    expect(JSON.parse(dead!.lastError!)).toEqual(refusal);
    expect((await outboxAudit(db, approvalId)).map((a) => a.action)).toEqual(["oa_outbox.dead"]);
  });

  it("the instance finished in the OA but its status cannot be read: retried as any refusal, then done once the status is seen", async () => {
    const { db, approvalId, completionId } = await racedInTheOa();
    const ctx = systemContext(db);
    standIn.readsDown = true;
    try {
      expect(await deliverOaMessage(ctx, { outboxId: completionId }, deps())).toEqual({ ok: true, value: "retry" });
    } finally {
      standIn.readsDown = false;
    }
    const [waiting] = await completionOf(db, approvalId);
    expect(waiting).toMatchObject({ state: "pending", attempts: 1 });
    // The administrator would see the OA's refusal, not the failed read that followed it.
    expect(JSON.parse(waiting!.lastError!)).toEqual(finishedRefusal);
    expect(await deliverOaMessage(ctx, { outboxId: completionId }, deps())).toEqual({ ok: true, value: "cancelled" });
    const [done] = await completionOf(db, approvalId);
    expect(done).toMatchObject({ state: "cancelled", attempts: 2, lastError: null });
    expect((await outboxAudit(db, approvalId)).map((a) => [a.action, a.data.oaStatus])).toEqual([["oa_outbox.cancelled", approvedThere]]);
  });

  it("decided before its create went out: nothing to end, so the completion is cancelled and the OA hears nothing", async () => {
    const { db, approver, approvalId, outboxId } = await submittedWithOa(kind);
    const ended = standIn.ended.length;
    await decideApproval(contextFor(db, approver.actor), { approvalId, decision: "reject", comment: "缺附件", source: "ui" });
    const ctx = systemContext(db);
    const [completion] = await completionOf(db, approvalId);
    expect(await deliverOaMessage(ctx, { outboxId: completion!.id }, deps())).toEqual({ ok: true, value: "cancelled" });
    expect(await deliverOaMessage(ctx, { outboxId }, deps())).toEqual({ ok: true, value: "cancelled" });
    expect(standIn.ended.length).toBe(ended);
    const audit = await db.select({ action: auditEvents.action, data: auditEvents.data }).from(auditEvents).where(eq(auditEvents.targetId, approvalId));
    expect(audit.filter((a) => a.action === "oa_outbox.cancelled").map((a) => a.data.kind).sort()).toEqual(["complete", "create"]);
  });
});

it("feishu: a definition that does not allow withdrawing refuses the cancel: a dead letter with Feishu's words, not endless retries", async () => {
  const { db, approver, approvalId, outboxId } = await submittedWithOa("feishu");
  const ctx = systemContext(db);
  expect(await deliverOaMessage(ctx, { outboxId }, deps())).toEqual({ ok: true, value: "sent" });
  await decideApproval(contextFor(db, approver.actor), { approvalId, decision: "approve", source: "ui" });
  const [completion] = await db.select().from(oaOutbox).where(and(eq(oaOutbox.approvalId, approvalId), eq(oaOutbox.kind, "complete")));
  expect(await deliverWhileTheOaRefusesToEnd(ctx, completion!.id)).toEqual([...Array<string>(OUTBOX_MAX_ATTEMPTS - 1).fill("retry"), "dead", "skipped"]);
  const refusal = { code: "oa.vendor_error", params: { vendorCode: "1390015", vendorMessage: "approval definition does not allow cancel" } };
  const admin = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
  const listed = await listOaOutbox(contextFor(db, admin.actor), { states: ["dead"] });
  expect(listed.ok && listed.value.find((m) => m.id === completion!.id)).toMatchObject({ kind: "complete", state: "dead", attempts: OUTBOX_MAX_ATTEMPTS, lastError: refusal });
  const [dead] = await db.select({ data: auditEvents.data }).from(auditEvents).where(and(eq(auditEvents.targetId, approvalId), eq(auditEvents.action, "oa_outbox.dead")));
  expect(dead!.data).toMatchObject({ kind: "complete", error: refusal.code, params: refusal.params });
});

/** WeCom's sys_approval_change for `spNo`, encrypted and signed as WeCom sends it: approved by oa-finance, or withdrawn (已撤销) by its applicant. */
function wecomOwnEvent(spNo: string, ending: "decided" | "withdrawn"): CallbackRequest {
  const at = String(Math.floor(Date.now() / 1000));
  const status = ending === "decided" ? "2" : "4";
  const inner =
    `<xml><ToUserName><![CDATA[wwcorp]]></ToUserName><CreateTime>${at}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[sys_approval_change]]></Event>` +
    `<ApprovalInfo><SpNo>${spNo}</SpNo><SpStatus>${status}</SpStatus><TemplateId><![CDATA[tpl-archive]]></TemplateId><Applyer><UserId><![CDATA[oa-archivist]]></UserId></Applyer>` +
    `<SpRecord><SpStatus>${status}</SpStatus><Details><Approver><UserId><![CDATA[oa-finance]]></UserId></Approver><SpStatus>${status}</SpStatus><SpTime>${ending === "decided" ? at : "0"}</SpTime></Details></SpRecord></ApprovalInfo></xml>`;
  const encrypt = wxEncrypt(connectorSettings.wecom().secrets.aesKey, inner, "wwcorp", fixedRandom);
  const nonce = randomUUID().slice(0, 8);
  return {
    method: "POST",
    url: `http://acta.test/cb?msg_signature=${wxSignature("tok", at, nonce, encrypt)}&timestamp=${at}&nonce=${nonce}`,
    headers: {},
    rawBody: `<xml><ToUserName><![CDATA[wwcorp]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt><AgentID><![CDATA[]]></AgentID></xml>`,
  };
}

describe("wecom with an app to send messages from: a request that ends in Acta is told to its approvers (ADR 0024)", () => {
  /** A filing whose create reached the stand-in WeCom, its connector naming the app that sends messages. */
  async function inWecom() {
    const submitted = await submittedWithOa("wecom", { notifyAgentId: 1000002 });
    expect(await deliverOaMessage(systemContext(submitted.db), { outboxId: submitted.outboxId }, deps())).toEqual({ ok: true, value: "sent" });
    const [create] = await submitted.db.select().from(oaOutbox).where(eq(oaOutbox.id, submitted.outboxId));
    return { ...submitted, spNo: create!.externalId! };
  }
  const completionOf = async (db: ReturnType<typeof testDb>["db"], approvalId: string) =>
    db.select().from(oaOutbox).where(and(eq(oaOutbox.approvalId, approvalId), eq(oaOutbox.kind, "complete")));
  const toldAbout = (approvalId: string) => standIn.messages.filter((m) => m.textcard.url.endsWith(`/embed/approvals/${approvalId}`));

  it.each([
    ["approved in Acta's inbox", "已在 Acta 中批准"],
    ["rejected in Acta's inbox", "已在 Acta 中驳回"],
    ["withdrawn in Acta by its requester", "已在 Acta 中撤回"],
  ] as const)("%s: one message reaches the approvers the create asked, saying how it ended and linking to the request in Acta", async (how, note) => {
    const { db, approver, archivist, approvalId, spNo } = await inWecom();
    const ended =
      how === "withdrawn in Acta by its requester"
        ? await withdrawApproval(contextFor(db, archivist.actor), { approvalId, reason: "月份选错", source: "ui" })
        : await decideApproval(contextFor(db, approver.actor), { approvalId, decision: how === "approved in Acta's inbox" ? "approve" : "reject", comment: "缺附件", source: "ui" });
    expect(ended.ok).toBe(true);
    const [completion] = await completionOf(db, approvalId);
    const ctx = systemContext(db);
    expect(await deliverOaMessage(ctx, { outboxId: completion!.id }, deps())).toEqual({ ok: true, value: "sent" });
    expect(await deliverOaMessage(ctx, { outboxId: completion!.id }, deps())).toEqual({ ok: true, value: "skipped" });
    expect(standIn.problems).toEqual([]);
    const told = toldAbout(approvalId);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ touser: "oa-finance", textcard: { url: `http://acta.test/embed/approvals/${approvalId}`, btntxt: "查看详情" } });
    expect(told[0]!.textcard.description).toContain(`${note}，无需在企业微信中处理`);
    const [sent] = await completionOf(db, approvalId);
    expect(sent).toMatchObject({ state: "sent", attempts: 1, externalId: spNo });
  });

  it.each(["decided", "withdrawn"] as const)("%s by WeCom's own callback: the approval ended there, so no completion and no message", async (ending) => {
    const { db, connectorId, approvalId, spNo } = await inWecom();
    expect((await receiveOaCallback(systemContext(db), { connectorId, request: wecomOwnEvent(spNo, ending) })).ok).toBe(true);
    const [request] = await db.select({ state: approvalRequests.state }).from(approvalRequests).where(eq(approvalRequests.id, approvalId));
    expect(request!.state).toBe(ending === "decided" ? "approved" : "cancelled");
    expect(await completionOf(db, approvalId)).toEqual([]);
    expect(toldAbout(approvalId)).toEqual([]);
  });

  it("the app taken out of the connector while the message waited: it is withdrawn, not sent, and WeCom is not called", async () => {
    const { db, approver, connectorId, approvalId } = await inWecom();
    await decideApproval(contextFor(db, approver.actor), { approvalId, decision: "approve", source: "ui" });
    const [completion] = await completionOf(db, approvalId);
    await db.update(oaConnectors).set({ config: sql`${oaConnectors.config} - 'notifyAgentId'` }).where(eq(oaConnectors.id, connectorId));
    const tokens = standIn.tokens;
    expect(await deliverOaMessage(systemContext(db), { outboxId: completion!.id }, deps())).toEqual({ ok: true, value: "cancelled" });
    expect(standIn.tokens).toBe(tokens);
    expect(toldAbout(approvalId)).toEqual([]);
  });

  it("the applicant withdrawing in WeCom after the message is their own act: refused and kept, not taken for Acta's echo", async () => {
    const { db, approver, connectorId, approvalId, spNo } = await inWecom();
    await decideApproval(contextFor(db, approver.actor), { approvalId, decision: "approve", source: "ui" });
    const [completion] = await completionOf(db, approvalId);
    expect(await deliverOaMessage(systemContext(db), { outboxId: completion!.id }, deps())).toEqual({ ok: true, value: "sent" });
    expect((await receiveOaCallback(systemContext(db), { connectorId, request: wecomOwnEvent(spNo, "withdrawn") })).ok).toBe(true);
    const logged = await db.select({ outcome: oaCallbacks.outcome }).from(oaCallbacks).where(eq(oaCallbacks.connectorId, connectorId));
    expect(logged.map((l) => l.outcome)).toEqual(["refused:approval.already_decided"]);
  });
});

