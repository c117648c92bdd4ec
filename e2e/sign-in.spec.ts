import { expect, test } from "@playwright/test";
import { makeUser } from "@/db/test/factories";
import { signIn } from "./fixtures/auth";
import { e2eDb } from "./fixtures/db";

const MENUS: Record<string, string[]> = {
  archivist: ["工作台", "档案浏览", "导入", "归档", "统计", "告警"],
  accountant: ["工作台", "档案浏览", "导入", "统计"],
  finance: ["工作台", "档案浏览", "审批", "统计"],
  auditor: ["工作台", "档案浏览", "统计", "系统管理"],
  borrower: ["工作台", "档案浏览"],
  sysadmin: ["工作台", "告警", "系统管理"],
  secadmin: ["工作台", "系统管理"],
  auditadmin: ["工作台", "系统管理"],
};

for (const [username, menu] of Object.entries(MENUS)) {
  test(`${username} signs in and sees only their menu`, async ({ page }) => {
    await signIn(page, username);
    await expect(page.getByRole("navigation").getByRole("link")).toHaveText(menu);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("您好");
  });
}

test("the archivist sees the demo fonds in the header", async ({ page }) => {
  await signIn(page, "archivist");
  await expect(page.getByRole("button", { name: "当前全宗" })).toContainText("华夏示范集团有限公司");
});

test("a wrong password is explained, and the sixth try finds the account locked", async ({ page }) => {
  const { db, close } = e2eDb();
  const user = await makeUser(db, []);
  await close();
  await page.goto("/login");
  for (let i = 1; i <= 4; i++) {
    await page.getByLabel("用户名").fill(user.username);
    await page.getByLabel("密码").fill("wrong-password");
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await expect(page.getByTestId("login-error")).toContainText(`再错 ${5 - i} 次`);
  }
  await page.getByLabel("密码").fill("wrong-password");
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expect(page.getByTestId("login-error")).toContainText("账户已锁定");
  await page.getByLabel("密码").fill(user.password);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expect(page.getByTestId("login-error")).toContainText("账户已锁定");
  await expect(page).toHaveURL(/\/login/);
});

test("an unauthenticated visit to any page lands on the sign-in page", async ({ page }) => {
  for (const path of ["/", "/records", "/imports", "/filing", "/approvals", "/stats", "/admin"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByRole("heading", { name: "登录 Acta" })).toBeVisible();
  }
});

test("APIs answer 401 without a session", async ({ request }) => {
  const r = await request.get("/api/records/00000000-0000-0000-0000-000000000000");
  expect(r.status()).toBe(401);
  expect((await r.json()).error.code).toBe("auth.unauthenticated");
});

test("a borrower calling an archivist API gets 403", async ({ page }) => {
  await signIn(page, "borrower");
  const r = await page.request.get("/api/records/00000000-0000-0000-0000-000000000000");
  expect(r.status()).toBe(403);
  expect((await r.json()).error.code).toBe("auth.forbidden");
});

test("health answers without signing in", async ({ request }) => {
  const r = await request.get("/api/health");
  expect(await r.json()).toMatchObject({ status: "ok", database: "embedded" });
});

test("the tab icon and robots.txt answer without signing in, and robots.txt turns crawlers away", async ({ page, request }) => {
  await page.goto("/login");
  const icon = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(icon).toBeTruthy();
  expect((await request.get(icon!)).headers()["content-type"]).toContain("image/svg+xml");
  const robots = await request.get("/robots.txt", { maxRedirects: 0 });
  expect(robots.status()).toBe(200);
  expect(await robots.text()).toMatch(/^Disallow: \/$/m);
});

test("pages run only the scripts the server gave this response's nonce: one injected into the page does not run", async ({ page }) => {
  const refusals: string[] = [];
  page.on("console", (m) => {
    if (m.text().includes("Content Security Policy")) refusals.push(m.text());
  });
  const response = await page.goto("/login");
  const policy = response!.headers()["content-security-policy"]!;
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
  expect(nonce).toBeTruthy();
  expect(/script-src [^;]*/.exec(policy)?.[0]).not.toContain("'unsafe-inline'");
  expect(policy).toContain("frame-ancestors 'none'");
  // Next put the header's nonce on every script of the page, and the page works: signing in needs them.
  const scripts = await response!.text().then((html) => [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]));
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  expect(refusals).toEqual([]);

  // What markup slipping past escaping would try (as in a search highlight): its handler is refused.
  await page.evaluate(() => {
    const div = document.createElement("div");
    div.innerHTML = `<img src="/nowhere.png" onerror="window.__injected = true">`;
    document.body.appendChild(div);
  });
  await expect.poll(() => refusals.length).toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();

  await signIn(page, "archivist");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("林档案");
});
