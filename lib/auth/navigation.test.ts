import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/context";
import type { Role } from "./roles";
import { navigationFor } from "./navigation";

const actor = (...roles: Role[]): Actor => ({
  userId: "u",
  username: "u",
  displayName: "u",
  grants: roles.map((role) => ({ role, fondsId: ["sysadmin", "secadmin", "auditadmin"].includes(role) ? null : "f1" })),
});

const keys = (...roles: Role[]) => navigationFor(actor(...roles)).map((i) => i.key);

describe("navigation follows roles", () => {
  it.each([
    [["archivist"], ["home", "records", "imports", "filing", "stats", "alerts"]],
    [["accountant"], ["home", "records", "imports", "stats"]],
    [["finance_approver"], ["home", "records", "approvals", "stats"]],
    [["auditor"], ["home", "records", "stats", "admin"]],
    [["borrower"], ["home", "records"]],
    [["sysadmin"], ["home", "alerts", "admin"]],
    [["secadmin"], ["home", "admin"]],
    [["auditadmin"], ["home", "admin"]],
  ] as [Role[], string[]][])("%j sees %j", (roles, expected) => {
    expect(keys(...roles)).toEqual(expected);
  });

  it("shows nothing without a session", () => {
    expect(navigationFor(null)).toEqual([]);
  });
});
