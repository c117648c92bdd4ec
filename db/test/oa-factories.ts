import { randomBytes } from "node:crypto";
import type { Db } from "@/db";
import { approvalRequests, approvalSteps } from "@/db/schema";
import type { Role } from "@/lib/auth/roles";
import { systemContext } from "@/lib/context";
import { createOaConnector } from "@/lib/oa/connectors/create-oa-connector";
import { setOaUserMapping } from "@/lib/oa/connectors/set-oa-user-mapping";

/** A generic OA connector with a fresh secret; returns what only its creator ever sees (secret, API key). */
export async function makeGenericOaConnector(
  db: Db,
  fondsId: string,
  options: { baseUrl?: string; allowedOrigins?: string[]; allowSsoProvisioning?: boolean } = {},
) {
  const secret = `test-secret-${randomBytes(16).toString("hex")}`;
  const r = await createOaConnector(systemContext(db), {
    fondsId,
    kind: "generic",
    name: `测试 OA ${randomBytes(2).toString("hex")}`,
    baseUrl: options.baseUrl ?? "http://127.0.0.1:9",
    config: {},
    secrets: { hmacSecret: secret },
    allowedOrigins: options.allowedOrigins ?? [],
    allowSsoProvisioning: options.allowSsoProvisioning ?? false,
  });
  if (!r.ok) throw new Error(`factory failed: ${r.error.code}`);
  return { id: r.value.connector.id, apiKey: r.value.apiKey, secret };
}

export async function mapOaUser(db: Db, connectorId: string, oaUserId: string, username: string) {
  const r = await setOaUserMapping(systemContext(db), { connectorId, oaUserId, username });
  if (!r.ok) throw new Error(`factory failed: ${r.error.code}`);
}

/**
 * A pending request with one step, written directly: for tests that must show a callback changed
 * nothing, where no decision is ever taken and the kind's subject never matters.
 */
export async function makeBarePendingApproval(db: Db, fondsId: string, requestedBy: string, role: Role = "finance_approver") {
  const [request] = await db
    .insert(approvalRequests)
    .values({ fondsId, kind: "filing", subjectId: crypto.randomUUID(), title: "测试审批", requestedBy })
    .returning({ id: approvalRequests.id });
  await db.insert(approvalSteps).values({ requestId: request!.id, seq: 1, role, state: "pending" });
  return request!.id;
}
