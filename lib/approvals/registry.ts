import type { Tx } from "@/db";
import type { approvalRequests } from "@/db/schema";
import type { Role } from "@/lib/auth/roles";
import type { ServiceContext } from "@/lib/context";
import type { Result } from "@/lib/errors";

export const APPROVAL_KINDS = ["filing", "loan", "destruction", "transfer"] as const;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];

export type ApprovalRequestRow = typeof approvalRequests.$inferSelect;

/**
 * What a kind of request adds to the one state machine: who approves, in which order, and what happens to
 * its subject when the request ends (approved, rejected or withdrawn). The callbacks run inside the deciding transaction, so a refusal from
 * them (a failed Result) undoes the decision as well.
 */
export interface ApprovalKindHandler {
  /** The roles that decide, step by step; an approver holds the role in the request's fonds. */
  steps(fondsId: string): readonly Role[];
  onApproved(tx: Tx, ctx: ServiceContext, request: ApprovalRequestRow): Promise<Result<unknown>>;
  onRejected(tx: Tx, ctx: ServiceContext, request: ApprovalRequestRow, comment: string | null): Promise<Result<unknown>>;
  /** The request was withdrawn (撤回) before it ended: its subject goes back to where it was before submission. */
  onWithdrawn(tx: Tx, ctx: ServiceContext, request: ApprovalRequestRow, reason: string | null): Promise<Result<unknown>>;
}

const handlers = new Map<ApprovalKind, ApprovalKindHandler>();

/** Called once per kind by its module (see ./registered-kinds.ts, the one list of kinds). */
export function registerApprovalKind(kind: ApprovalKind, handler: ApprovalKindHandler): void {
  handlers.set(kind, handler);
}

export function approvalKindHandler(kind: ApprovalKind): ApprovalKindHandler | undefined {
  return handlers.get(kind);
}
