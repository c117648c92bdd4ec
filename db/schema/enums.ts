import { pgEnum } from "drizzle-orm/pg-core";
import { PERIOD_KINDS } from "@/lib/archive/periods/periods";
import { RECORD_CATEGORIES, RETENTIONS } from "@/lib/archive/retention/schedules";
import { ROLES } from "@/lib/auth/roles";

// Names follow docs glossary (shared/glossary.md): the code and the regulation meet on the same word.
export const roleEnum = pgEnum("role", ROLES);

export const categoryEnum = pgEnum("record_category", RECORD_CATEGORIES);

export const recordStateEnum = pgEnum("record_state", [
  "collected",
  "filing",
  "archived",
  "transferred",
  "on_loan",
  "destroyed",
]);

// 保管期限: permanent, 30/10 years (enterprise), 5/2 years for some public-sector items, and the
// fixed-asset card rule "5 years after scrapping" which has no fixed length.
export const retentionEnum = pgEnum("retention", RETENTIONS);

export const periodKindEnum = pgEnum("period_kind", PERIOD_KINDS);

export const checkOutcomeEnum = pgEnum("check_outcome", [
  "pass",
  "fail",
  "warning",
  "not_applicable",
  "not_performed",
]);

export const checkStatusEnum = pgEnum("check_status", ["none", "passed", "warning", "failed"]);

export const importStateEnum = pgEnum("import_state", ["queued", "running", "succeeded", "failed"]);

export const approvalKindEnum = pgEnum("approval_kind", ["filing", "loan", "destruction", "transfer"]);

export const approvalStateEnum = pgEnum("approval_state", ["pending", "approved", "rejected", "cancelled"]);

export const stepStateEnum = pgEnum("approval_step_state", ["waiting", "pending", "approved", "rejected", "skipped"]);

// withdraw: the requester (or the fonds' archivist) took a pending request back (撤回); kept with the decisions so
// that whichever of a withdrawal and a decision comes second is refused and still on record.
export const decisionEnum = pgEnum("decision", ["approve", "reject", "withdraw"]);

export const decisionSourceEnum = pgEnum("decision_source", ["ui", "api", "oa"]);

export const oaKindEnum = pgEnum("oa_kind", ["generic", "dingtalk", "feishu", "wecom", "weaver", "seeyon"]);

export const volumeStateEnum = pgEnum("volume_state", ["open", "sealed"]);

export const documentKindEnum = pgEnum("document_kind", [
  "einvoice",
  "bank_receipt",
  "bank_statement",
  "contract",
  "expense_claim",
  "business_document",
  "approval_form",
  "other",
]);

export const linkTypeEnum = pgEnum("link_type", ["source_document", "related", "claim", "reversal"]);

export const fileRoleEnum = pgEnum("file_role", ["content", "attachment", "metadata", "rendition"]);

export const alertKindEnum = pgEnum("alert_kind", [
  "duplicate_reimbursement",
  "fixity_mismatch",
  "file_missing",
  "retention_expiring",
  // The store itself could not be reached (disk not mounted, wrong data folder): one alert, not one per file.
  "store_unavailable",
]);
