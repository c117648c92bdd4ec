import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/context";
import type { Role } from "@/lib/auth/roles";
import { adminSectionsFor } from "./sections";

const actor = (role: Role, fondsId: string | null = null): Actor => ({ userId: "u", username: "u", displayName: "u", grants: [{ role, fondsId }] });
const keys = (a: Actor | null) => adminSectionsFor(a).map((s) => s.key);

describe("admin sections", () => {
  it("follow the 三员 duties", () => {
    expect(keys(actor("sysadmin"))).toEqual(["users", "fonds", "connectors", "oa"]);
    expect(keys(actor("secadmin"))).toEqual(["roles", "audit"]);
    expect(keys(actor("auditadmin"))).toEqual(["audit"]);
    expect(keys(actor("auditor", "f1"))).toEqual(["audit"]);
    expect(keys(actor("borrower", "f1"))).toEqual([]);
    expect(keys(null)).toEqual([]);
  });
});
