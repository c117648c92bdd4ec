import { and, asc, eq, isNull, or } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { approvalRequests, approvalSteps, fonds, oaUserMappings, roleAssignments, users } from "@/db/schema";
import { formatMessage } from "@/lib/i18n/load-messages";
import type { OutboundApproval } from "../types";

/**
 * The approval as the OA is told about it: who asks (their OA account), who decides (the OA accounts
 * of the current step's approvers in the fonds), and the embedded page where it can be decided.
 * OA screens are Chinese, so the summary is worded in zh-CN.
 */
export async function buildOutboundApproval(
  db: DbOrTx,
  connectorId: string,
  approvalId: string,
  publicBaseUrl: string,
): Promise<OutboundApproval | null> {
  const [row] = await db
    .select({ request: approvalRequests, fondsName: fonds.name, requesterName: users.displayName })
    .from(approvalRequests)
    .innerJoin(fonds, eq(fonds.id, approvalRequests.fondsId))
    .innerJoin(users, eq(users.id, approvalRequests.requestedBy))
    .where(eq(approvalRequests.id, approvalId));
  if (!row) return null;
  const { request } = row;
  const [step] = await db
    .select({ role: approvalSteps.role })
    .from(approvalSteps)
    .where(and(eq(approvalSteps.requestId, approvalId), eq(approvalSteps.state, "pending")))
    .orderBy(asc(approvalSteps.seq))
    .limit(1);
  const [requester] = await db
    .select({ oaUserId: oaUserMappings.oaUserId })
    .from(oaUserMappings)
    .where(and(eq(oaUserMappings.connectorId, connectorId), eq(oaUserMappings.userId, request.requestedBy)))
    .orderBy(asc(oaUserMappings.oaUserId))
    .limit(1);
  const approvers = step
    ? await db
        .selectDistinct({ oaUserId: oaUserMappings.oaUserId })
        .from(oaUserMappings)
        .innerJoin(roleAssignments, eq(roleAssignments.userId, oaUserMappings.userId))
        .innerJoin(users, eq(users.id, oaUserMappings.userId))
        .where(
          and(
            eq(oaUserMappings.connectorId, connectorId),
            // A deactivated user's OA account may not decide (receiveOaCallback refuses it): never ask it.
            eq(users.isActive, true),
            eq(roleAssignments.role, step.role),
            or(eq(roleAssignments.fondsId, request.fondsId), isNull(roleAssignments.fondsId)),
          ),
        )
        .orderBy(asc(oaUserMappings.oaUserId))
    : [];
  return {
    approvalId: request.id,
    kind: request.kind,
    title: request.title,
    summary: formatMessage("zh-CN", "oa-ui.outbound.summary", { requester: row.requesterName, title: request.title }),
    fondsName: row.fondsName,
    ...(requester && { requesterOaUserId: requester.oaUserId }),
    approverOaUserIds: approvers.map((a) => a.oaUserId),
    detailUrl: new URL(`/embed/approvals/${request.id}`, publicBaseUrl).toString(),
    createdAt: request.createdAt.toISOString(),
  };
}
