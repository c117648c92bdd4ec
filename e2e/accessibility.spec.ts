import AxeBuilder from "@axe-core/playwright";
import { type Page, expect, test } from "@playwright/test";
import { contextFor, makeUser, unique } from "@/db/test/factories";
import { createUser } from "@/lib/auth/create-user";
import { signIn } from "./fixtures/auth";
import { e2eDb } from "./fixtures/db";

/** axe-core's WCAG 2.1 A/AA rules; the bar is no serious or critical violation. */
async function expectNoSeriousViolations(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ rule: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")) }));
  expect(serious, `${what}: ${JSON.stringify(serious, null, 2)}`).toEqual([]);
}

test("the sign-in page has no serious or critical accessibility violation", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByLabel("用户名")).toBeVisible();
  await expectNoSeriousViolations(page, "/login");
});

test("the archivist's main pages have no serious or critical accessibility violation", async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page, "archivist");
  // A record to open: the demo imports in the background after start, so wait for its first vouchers.
  let recordId: string | undefined;
  await expect(async () => {
    const res = await page.request.get("/api/records?q=差旅");
    recordId = ((await res.json()) as { items: { id: string }[] }).items[0]?.id;
    expect(recordId).toBeTruthy();
  }).toPass({ timeout: 180_000, intervals: [3_000] });

  const pages: [string, RegExp | string][] = [
    ["/", "您好，林档案"],
    ["/records", "档案浏览"],
    ["/records?q=%E5%B7%AE%E6%97%85", "档案浏览"],
    [`/records/${recordId}`, /差旅/],
    ["/imports", "导入 ERP 凭证"],
    ["/filing", "归档工作台"],
    ["/stats", "统计"],
    ["/alerts", "告警"],
  ];
  for (const [path, heading] of pages) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 }).first()).toContainText(heading);
    await page.waitForLoadState("networkidle");
    await expectNoSeriousViolations(page, path);
  }
  // On a tablet the wide tables scroll sideways, and a keyboard must reach them.
  await page.setViewportSize({ width: 768, height: 1024 });
  for (const [path, heading] of pages) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 }).first()).toContainText(heading);
    await page.waitForLoadState("networkidle");
    await expectNoSeriousViolations(page, `${path} at 768px`);
    // Only tables scroll sideways, inside their own focusable scroller; the page itself never does.
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), `${path} at 768px scrolls sideways`).toBeLessThanOrEqual(0);
  }
});

test("the approver's inbox has no serious or critical accessibility violation", async ({ page }) => {
  await signIn(page, "finance");
  await page.goto("/approvals");
  await expect(page.getByRole("heading", { level: 1, name: "审批", exact: true })).toBeVisible();
  await expectNoSeriousViolations(page, "/approvals");
  await page.getByRole("link", { name: "已处理" }).click();
  await expect(page).toHaveURL(/view=decided/);
  await page.waitForLoadState("networkidle");
  await expectNoSeriousViolations(page, "/approvals?view=decided");
});

test("the audit log and the connector pages have no serious or critical accessibility violation", async ({ page }) => {
  // The auditor's log holds the demo's imports, whose entries list hundreds of record ids: the details scroll.
  await signIn(page, "auditor");
  await page.goto("/admin/audit");
  await expect(page.getByRole("heading", { level: 1, name: "审计日志", exact: true })).toBeVisible();
  await page.waitForLoadState("networkidle");
  await expectNoSeriousViolations(page, "/admin/audit");
  await page.context().clearCookies();
  await signIn(page, "sysadmin");
  const adminPages: [string, string][] = [
    ["/admin", "系统管理"],
    ["/admin/connectors", "ERP 连接器"],
    ["/admin/oa", "OA 集成"],
    ["/admin/users", "用户"],
    ["/alerts", "告警"],
    ["/account", "账户"],
  ];
  for (const [path, heading] of adminPages) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    // The tab, the history and a screen reader's announcement name the page as its heading does.
    const h1 = (await page.getByRole("heading", { level: 1 }).textContent())!;
    await expect(page, path).toHaveTitle(`${h1} · Acta 电子会计档案`);
    await page.waitForLoadState("networkidle");
    await expectNoSeriousViolations(page, path);
  }
  // On a tablet the accounts table keeps its actions (reset password, deactivate) in view without scrolling,
  // also beside a new account with a long name that still has to choose its password (the widest status).
  const { db, close } = e2eDb();
  const sys = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
  await createUser(contextFor(db, sys.actor), { username: unique("new.colleague.from.treasury_"), displayName: "财务共享中心资金结算组新同事", password: "a-long-password-1" });
  await close();
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.context().addCookies([{ name: "NEXT_LOCALE", value: "en", url: page.url() }]);
  await page.goto("/admin/users");
  await expect(page.getByRole("heading", { level: 1, name: "Users", exact: true })).toBeVisible();
  const scrollsSideways = await page.locator("[data-slot=table-container]").evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(scrollsSideways, "the accounts table scrolls sideways at 768px").toBeLessThanOrEqual(0);
});
