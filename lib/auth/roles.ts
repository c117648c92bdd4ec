export const ROLES = [
  "archivist",
  "accountant",
  "finance_approver",
  "auditor",
  "borrower",
  "sysadmin",
  "secadmin",
  "auditadmin",
] as const;

export type Role = (typeof ROLES)[number];

/** 三员 (DA/T 94 E.7.3b): separated, mutually exclusive, installation-wide. */
export const ADMIN_ROLES: readonly Role[] = ["sysadmin", "secadmin", "auditadmin"];

export const BUSINESS_ROLES: readonly Role[] = ["archivist", "accountant", "finance_approver", "auditor", "borrower"];

export const isAdminRole = (role: Role) => ADMIN_ROLES.includes(role);
