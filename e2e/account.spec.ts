import { type Page, expect, test } from "@playwright/test";
import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import { contextFor, makeUser, unique } from "@/db/test/factories";
import { createUser } from "@/lib/auth/create-user";
import { signIn } from "./fixtures/auth";
import { e2eDb } from "./fixtures/db";

async function changePassword(page: Page, current: string, next: string, confirm = next) {
  const form = page.getByRole("form", { name: "修改密码" });
  await form.getByLabel("当前密码").fill(current);
  await form.getByLabel("新密码", { exact: true }).fill(next);
  await form.getByLabel("再次输入新密码").fill(confirm);
  await form.getByRole("button", { name: "修改密码" }).click();
  return form;
}

test("a user changes their password: refusals in words, every older session ends, the new one signs in", async ({ page, browser }) => {
  const { db, close } = e2eDb();
  const user = await makeUser(db, []);
  await close();
  const elsewhere = await browser.newContext();
  const other = await elsewhere.newPage();
  await signIn(other, user.username, user.password);

  await signIn(page, user.username, user.password);
  await page.getByTestId("user-menu").click();
  await page.getByRole("menuitem", { name: "账户与密码" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "账户", exact: true })).toBeVisible();
  let form = await changePassword(page, user.password, "short");
  await expect(form.getByText("密码至少需要 8 个字符。")).toBeVisible();
  form = await changePassword(page, user.password, "a sentence I remember", "a sentence I remembered");
  await expect(form.getByText("两次输入的新密码不一致。")).toBeVisible();
  form = await changePassword(page, "not my password", "a sentence I remember");
  await expect(form.getByText("当前密码不正确。")).toBeVisible();

  await changePassword(page, user.password, "a sentence I remember");
  await expect(page).toHaveURL(/\/login\?notice=password_changed/);
  await expect(page.getByTestId("login-notice")).toContainText("密码已修改");
  // The other browser's session began before the change: it is over, without a redirect loop.
  await other.goto("/");
  await expect(other).toHaveURL(/\/login\?notice=session_ended/);
  await expect(other.getByRole("heading", { name: "登录 Acta" })).toBeVisible();
  await expect(other.getByTestId("login-notice")).toContainText("您的登录已结束");
  await elsewhere.close();

  await page.getByLabel("用户名").fill(user.username);
  await page.getByLabel("密码").fill(user.password);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expect(page.getByTestId("login-error")).toContainText("用户名或密码不正确");
  await signIn(page, user.username, "a sentence I remember");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("您好");
});

test("the system administrator resets a locked-out user's password, and the user must choose their own first", async ({ page, browser }) => {
  const { db, close } = e2eDb();
  const user = await makeUser(db, []);
  await db.update(users).set({ lockedUntil: new Date(Date.now() + 10 * 60_000) }).where(eq(users.id, user.id));
  await close();

  await signIn(page, "sysadmin");
  await page.goto("/admin/users");
  await page.getByRole("link", { name: `重置密码 ${user.username}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`@${user.username}`);
  await expect(page.getByText("该账户当前被锁定")).toBeVisible();
  const reset = page.getByRole("form", { name: "重置密码" });
  await reset.getByLabel("新密码", { exact: true }).fill("temporary words 1");
  await reset.getByLabel("再次输入新密码").fill("temporary words 1");
  await expect(reset.getByLabel("要求用户下次登录时修改密码")).toBeChecked();
  await reset.getByRole("button", { name: "重置密码" }).click();
  await expect(reset.getByText(`已重置 ${user.username} 的密码，该用户下次登录时须设置自己的密码。`)).toBeVisible();
  await page.goto("/admin/users");
  await expect(page.getByRole("row", { name: new RegExp(user.username) })).toContainText("待改密码");

  const userContext = await browser.newContext();
  const own = await userContext.newPage();
  await signIn(own, user.username, "temporary words 1");
  await expect(own).toHaveURL(/\/account$/);
  await expect(own.getByTestId("must-change-password")).toContainText("请先设置您自己的密码");
  await expect(own.getByRole("navigation").getByRole("link")).toHaveCount(0);
  await own.goto("/records");
  await expect(own).toHaveURL(/\/account$/);
  expect((await own.request.get("/api/records")).status()).toBe(401);
  await changePassword(own, "temporary words 1", "only I know this one");
  await expect(own).toHaveURL(/\/login\?notice=password_changed/);
  await signIn(own, user.username, "only I know this one");
  await expect(own.getByRole("heading", { level: 1 })).toContainText("您好");
  await userContext.close();
});

test("a user signs out on every device, and the system administrator ends another user's sessions; passwords stay", async ({ page, browser }) => {
  const { db, close } = e2eDb();
  const user = await makeUser(db, []);
  await close();
  const laptop = await (await browser.newContext()).newPage();
  await signIn(laptop, user.username, user.password);
  await signIn(page, user.username, user.password);

  await page.goto("/account");
  await page.getByRole("form", { name: "退出所有设备" }).getByRole("button", { name: "退出所有设备" }).click();
  await expect(page).toHaveURL(/\/login\?notice=signed_out_everywhere/);
  await expect(page.getByTestId("login-notice")).toContainText("已在所有设备上退出登录");
  await laptop.goto("/records");
  await expect(laptop).toHaveURL(/\/login\?notice=session_ended/);
  // The password is the same: signing in again works, on both.
  await signIn(laptop, user.username, user.password);
  await expect(laptop.getByRole("heading", { level: 1 })).toContainText("您好");

  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, "sysadmin");
  await admin.goto("/admin/users");
  await admin.getByRole("link", { name: `重置密码 ${user.username}` }).click();
  const end = admin.getByRole("form", { name: "结束全部会话" });
  await end.getByRole("button", { name: "结束全部会话" }).click();
  await expect(end.getByText(`已结束 ${user.username} 在所有设备上的登录。`)).toBeVisible();
  await laptop.goto("/records");
  await expect(laptop).toHaveURL(/\/login/);
  expect((await laptop.request.get("/api/records")).status()).toBe(401);
  await signIn(laptop, user.username, user.password);
  await expect(laptop.getByRole("heading", { level: 1 })).toContainText("您好");
});

test("the language an administrator chose for an account, or the user switched to, follows the user to any browser", async ({ browser }) => {
  const { db, close } = e2eDb();
  const sys = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
  const english = unique("en_");
  await createUser(contextFor(db, sys.actor), { username: english, displayName: "Jane Auditor", password: "a long password", locale: "en", mustChangePassword: false });
  const chinese = await makeUser(db, []);
  await close();

  // A browser that never chose a language: the account's choice applies once signed in.
  const first = await browser.newContext();
  const page = await first.newPage();
  await signIn(page, english, "a long password");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hello, Jane Auditor");
  await first.close();

  // Switching in one browser is kept on the account; another browser opens in that language.
  const here = await (await browser.newContext()).newPage();
  await signIn(here, chinese.username, chinese.password);
  await expect(here.getByRole("heading", { level: 1 })).toContainText("您好");
  await here.getByRole("button", { name: "语言：简体中文" }).click();
  await here.getByRole("menuitemradio", { name: "English" }).click();
  await expect(here.getByRole("heading", { level: 1 })).toContainText("Hello");
  const elsewhere = await (await browser.newContext()).newPage();
  await signIn(elsewhere, chinese.username, chinese.password);
  await expect(elsewhere.getByRole("heading", { level: 1 })).toContainText("Hello");
});
