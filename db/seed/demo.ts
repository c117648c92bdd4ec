import { count, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { fonds, users } from "@/db/schema";
import { createFonds } from "@/lib/admin/create-fonds";
import { createUser } from "@/lib/auth/create-user";
import { grantRole } from "@/lib/auth/grant-role";
import type { Role } from "@/lib/auth/roles";
import { systemContext } from "@/lib/context";
import { seedDemoOa } from "@/lib/oa/connectors/seed-demo-oa";
import { orThrow } from "@/lib/errors";

export const DEMO_PASSWORD = "acta-demo";

export const DEMO_FONDS = [
  { code: "Z001", name: "华夏示范集团有限公司", nameEn: "Huaxia Demo Group Co., Ltd." },
  { code: "Z002", name: "华夏示范（上海）贸易有限公司", nameEn: "Huaxia Demo (Shanghai) Trading Co., Ltd.", child: true },
] as const;

export const DEMO_USERS: { username: string; displayName: string; roles: Role[] }[] = [
  { username: "archivist", displayName: "林档案", roles: ["archivist"] },
  { username: "accountant", displayName: "王会计", roles: ["accountant"] },
  { username: "finance", displayName: "陈财务", roles: ["finance_approver"] },
  { username: "auditor", displayName: "赵审计", roles: ["auditor"] },
  { username: "borrower", displayName: "李借阅", roles: ["borrower"] },
  { username: "sysadmin", displayName: "系统管理员", roles: ["sysadmin"] },
  { username: "secadmin", displayName: "安全保密管理员", roles: ["secadmin"] },
  { username: "auditadmin", displayName: "安全审计员", roles: ["auditadmin"] },
];

/** True when the database has no fonds and no users yet: the only state in which the demo is planted by itself. */
export async function isEmptyDatabase(db: Db): Promise<boolean> {
  const [[f], [u]] = await Promise.all([db.select({ n: count() }).from(fonds), db.select({ n: count() }).from(users)]);
  return (f?.n ?? 0) === 0 && (u?.n ?? 0) === 0;
}

/**
 * The demo group: a parent company and a subsidiary, and one user per role with the password from the
 * README. Goes through the same services as the UI, so the demo has a real audit trail from its first minute.
 */
export async function seedDemo(db: Db): Promise<{ fondsIds: string[] }> {
  const ctx = systemContext(db, "acta-seed");
  const fondsIds: string[] = [];
  for (const f of DEMO_FONDS) {
    const [existing] = await db.select({ id: fonds.id }).from(fonds).where(eq(fonds.code, f.code));
    fondsIds.push(
      existing?.id ??
        orThrow(await createFonds(ctx, { code: f.code, name: f.name, nameEn: f.nameEn, parentId: "child" in f ? fondsIds[0] : undefined }), `Demo seed failed at fonds ${f.code}`).id,
    );
  }
  for (const u of DEMO_USERS) {
    const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.username, u.username));
    if (existing) continue;
    const { id } = orThrow(await createUser(ctx, { username: u.username, displayName: u.displayName, password: DEMO_PASSWORD }), `Demo seed failed at user ${u.username}`);
    for (const role of u.roles) {
      if (role === "sysadmin" || role === "secadmin" || role === "auditadmin") {
        orThrow(await grantRole(ctx, { userId: id, role, fondsId: null }), `Demo seed failed at role ${role}`);
      } else {
        for (const fondsId of fondsIds) orThrow(await grantRole(ctx, { userId: id, role, fondsId }), `Demo seed failed at role ${role}`);
      }
    }
  }
  await seedDemoOa(db, fondsIds[0]!);
  return { fondsIds };
}
