import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents } from "@/db/schema";
import { contextFor, makeUser } from "@/db/test/factories";
import { testDb } from "@/db/test/setup";
import { createUser } from "./create-user";
import { loadSessionActor } from "./load-actor";
import { setOwnLocale } from "./set-own-locale";

describe("setOwnLocale", () => {
  it("keeps the language on the account, where the next session finds it, and audits only a real change", async () => {
    const { db } = testDb();
    const u = await makeUser(db, []);
    expect(await loadSessionActor(db, u.id, Date.now())).toMatchObject({ locale: "zh-CN" });
    expect(await setOwnLocale(contextFor(db, u.actor), { locale: "en" })).toEqual({ ok: true, value: { locale: "en", changed: true } });
    expect(await loadSessionActor(db, u.id, Date.now())).toMatchObject({ locale: "en" });
    expect(await setOwnLocale(contextFor(db, u.actor), { locale: "en" })).toEqual({ ok: true, value: { locale: "en", changed: false } });
    const entries = (await db.select().from(auditEvents).where(eq(auditEvents.targetId, u.id))).filter((e) => e.action === "user.locale_changed");
    expect(entries.map((e) => e.data)).toEqual([{ from: "zh-CN", to: "en" }]);
  });

  it("starts from the language the administrator chose, and refuses an unknown one or no user", async () => {
    const { db } = testDb();
    const sys = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
    const created = await createUser(contextFor(db, sys.actor), { username: `en_${Date.now()}`, displayName: "Jane Auditor", password: "a long password", locale: "en" });
    expect(created.ok && (await loadSessionActor(db, created.value.id, Date.now()))).toMatchObject({ locale: "en" });
    const u = await makeUser(db, []);
    expect(await setOwnLocale(contextFor(db, u.actor), { locale: "fr" })).toMatchObject({ ok: false, error: { code: "validation.invalid_input", fields: { locale: "validation.invalid_value" } } });
    expect(await setOwnLocale(contextFor(db, null), { locale: "en" })).toMatchObject({ ok: false, error: { code: "auth.unauthenticated" } });
  });
});
