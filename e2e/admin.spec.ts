import { expect, test } from "@playwright/test";
import { eq } from "drizzle-orm";
import { oaConnectors } from "@/db/schema";
import { contextFor, makeUser, unique } from "@/db/test/factories";
import { createUser } from "@/lib/auth/create-user";
import { signIn } from "./fixtures/auth";
import { e2eDb } from "./fixtures/db";

test("the system administrator creates a user through the form", async ({ page, browser }) => {
  const username = unique("clerk_");
  await signIn(page, "sysadmin");
  await page.getByRole("navigation").getByRole("link", { name: "系统管理" }).click();
  // Exact: the home page's greeting "您好，系统管理员" holds "系统管理" too, and matched before the page changed.
  await expect(page.getByRole("heading", { level: 1, name: "系统管理", exact: true })).toBeVisible();
  await page.getByRole("main").getByRole("link", { name: /^用户/ }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  const form = page.getByRole("form", { name: "新建用户" });
  await form.getByLabel("用户名").fill("x");
  await form.getByLabel("姓名").fill("周新人");
  await form.getByLabel("界面语言").selectOption("en");
  await form.getByLabel("初始密码（选填）").fill("a-long-password-1");
  await form.getByRole("button", { name: "创建用户" }).click();
  await expect(form.getByText("格式不正确")).toBeVisible();
  // Refused for the username alone: everything else, the password too, is still there to resend.
  await expect(form.getByLabel("姓名")).toHaveValue("周新人");
  await expect(form.getByLabel("界面语言")).toHaveValue("en");
  await expect(form.getByLabel("初始密码（选填）")).toHaveValue("a-long-password-1");
  await form.getByLabel("用户名").fill(username);
  await form.getByLabel("初始密码（选填）").fill("short");
  await form.getByRole("button", { name: "创建用户" }).click();
  await expect(form.getByText("密码至少需要 8 个字符。")).toBeVisible();
  // A refused password is emptied for a new one; the rest stays.
  await expect(form.getByLabel("初始密码（选填）")).toHaveValue("");
  await expect(form.getByLabel("用户名")).toHaveValue(username);
  await form.getByLabel("初始密码（选填）").fill("a-long-password-1");
  await form.getByRole("button", { name: "创建用户" }).click();
  await expect(form.getByText(`已创建用户“${username}”`)).toBeVisible();
  // A success empties the form for the next account.
  await expect(form.getByLabel("用户名")).toHaveValue("");
  await expect(form.getByLabel("界面语言")).toHaveValue("zh-CN");
  await expect(page.getByRole("table", { name: /全部账户/ }).getByRole("row", { name: new RegExp(username) })).toContainText("尚未授予角色");
  await expect(page.getByRole("table", { name: /全部账户/ }).getByRole("row", { name: new RegExp(username) })).toContainText("待改密码");
  // The password the administrator typed gets the new user as far as choosing their own. In a browser of
  // their own: clearing this one's cookies raced the page's refresh, whose answer set the session again.
  const newcomer = await (await browser.newContext()).newPage();
  await signIn(newcomer, username, "a-long-password-1");
  await expect(newcomer).toHaveURL(/\/account$/);
  await expect(newcomer.getByTestId("must-change-password")).toBeVisible();
  await newcomer.context().close();
});

test("the security administrator grants a role and sees the 三员 refusal in words", async ({ page }) => {
  const { db, close } = e2eDb();
  const clerk = await makeUser(db, []);
  const admin = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
  await close();
  await signIn(page, "secadmin");
  await page.goto("/admin/roles");
  const form = page.getByRole("form", { name: "授予角色" });
  await form.getByLabel("用户").selectOption({ label: `${clerk.actor.displayName}（${clerk.username}）` });
  await form.getByLabel("角色").selectOption("archivist");
  await form.getByRole("button", { name: "授予" }).click();
  await expect(form.getByText("已授予“档案管理员”")).toBeVisible();
  await expect(page.getByRole("table", { name: "账户与角色" }).getByRole("row", { name: new RegExp(clerk.username) })).toContainText("档案管理员");

  await form.getByLabel("用户").selectOption({ label: `${admin.actor.displayName}（${admin.username}）` });
  await form.getByLabel("角色").selectOption("auditadmin");
  await form.getByRole("button", { name: "授予" }).click();
  await expect(page.getByTestId("grant-error")).toHaveText("“三员”角色互斥：该用户已是系统管理员，不能再兼任其他管理员角色。");
  // The refused choices stay on the form, ready to be corrected.
  await expect(form.getByLabel("用户")).toHaveValue(admin.id);
  await expect(form.getByLabel("角色")).toHaveValue("auditadmin");
});

test("the audit administrator reads the administrators' log and verifies the chain", async ({ page }) => {
  const { db, close } = e2eDb();
  const sys = await makeUser(db, [{ role: "sysadmin", fondsId: null }]);
  const created = unique("audited_");
  await createUser(contextFor(db, sys.actor), { username: created, displayName: "被审计的新用户" });
  await close();
  await signIn(page, "auditadmin");
  await page.goto("/admin");
  await expect(page.getByRole("link", { name: /用户/ })).toHaveCount(0);
  await page.getByRole("link", { name: /审计日志/ }).click();
  await expect(page.getByText("您是安全审计员")).toBeVisible();
  await page.getByLabel("操作人").fill(sys.username);
  await page.getByRole("button", { name: "查询" }).click();
  const log = page.getByRole("table", { name: "审计日志" });
  await expect(log.getByRole("row")).toHaveCount(2);
  await expect(log.getByRole("row").nth(1)).toContainText("创建用户");
  await expect(log.getByRole("row").nth(1)).toContainText(created);
  await expect(log.getByRole("row").nth(1)).toContainText("系统管理员");

  await page.getByRole("button", { name: "校验哈希链" }).click();
  await expect(page.getByTestId("chain-verdict")).toContainText("哈希链完整", { timeout: 30_000 });
  await expect(page.getByTestId("chain-verdict")).toContainText("未发现篡改");
});

test("a borrower gets the 403 page on the administration area", async ({ page }) => {
  await signIn(page, "borrower");
  for (const path of ["/admin", "/admin/users", "/admin/audit"]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "无权访问此页面" })).toBeVisible();
  }
});

test("the system administrator creates an ERP connector, sees its key once, and the ERP uploads with it", async ({ page, request }) => {
  const name = unique("用友 U8 ");
  await signIn(page, "sysadmin");
  await page.goto("/admin");
  await expect(page.getByRole("link", { name: /OA 集成/ })).toHaveAttribute("href", "/admin/oa");
  await page.getByRole("link", { name: /ERP 连接器/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "ERP 连接器", exact: true })).toBeVisible();
  const form = page.getByRole("form", { name: "新建连接器" });
  await form.getByLabel("名称").fill(name);
  await form.getByLabel("文件格式").selectOption({ label: "用友 U8 凭证" });
  // Refused for the missing source system, the form keeps everything already typed and chosen.
  await form.getByRole("button", { name: "创建连接器" }).click();
  await expect(form.getByLabel("来源系统标识")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("名称")).toHaveValue(name);
  await expect(form.getByLabel("文件格式")).toHaveValue("yonyou-u8");
  await form.getByLabel("来源系统标识").fill("yonyou-u8");
  await form.getByRole("button", { name: "创建连接器" }).click();
  const reveal = page.getByTestId("api-key-reveal");
  await expect(reveal).toContainText("此密钥只显示这一次");
  const apiKey = (await reveal.getByLabel("请立即复制 API 密钥").textContent())!.trim();
  expect(apiKey).toMatch(/^acta_erp_/);
  await reveal.getByRole("button", { name: "我已妥善保存" }).click();
  await expect(reveal).toHaveCount(0);
  const row = page.getByRole("table", { name: "ERP 连接器" }).getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText("用友 U8 凭证");
  await expect(row).toContainText(apiKey.slice(0, "acta_erp_".length + 6));
  await page.reload();
  await expect(page.getByText(apiKey)).toHaveCount(0);

  // The signed-in administrator's list names the new connector with its fonds; the ERP then uploads with the key alone (no session).
  const listed = (await (await page.request.get("/api/connectors/erp")).json()) as { id: string; fondsId: string; name: string }[];
  const connector = listed.find((c) => c.name === name)!;
  expect(connector.fondsId).toMatch(/^[0-9a-f-]{36}$/);
  const uploadAs = (key: string) =>
    request.fetch(`/api/connectors/erp/${connector.id}/imports`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}` },
      multipart: { file: { name: "u8.csv", mimeType: "text/csv", buffer: Buffer.from("not,a,voucher\n1,2,3\n") } },
    });
  expect((await uploadAs(apiKey)).status()).toBe(202);
  expect((await uploadAs("acta_erp_wrong")).status()).toBe(403);

  // Stopped after a confirmation, the connector refuses its own key until it is reactivated.
  page.once("dialog", (d) => void d.accept());
  await row.getByRole("button", { name: `停用 ${name}` }).click();
  await expect(row).toContainText("已停用");
  expect((await uploadAs(apiKey)).status()).toBe(403);
  await row.getByRole("button", { name: `重新启用 ${name}` }).click();
  await expect(row.getByRole("button", { name: `停用 ${name}` })).toBeVisible();
  expect((await uploadAs(apiKey)).status()).toBe(202);
});

test("the system administrator adds a WeCom connector: blank settings say 必填 field by field, a fraction in the AgentId 请输入整数", async ({ page }) => {
  const name = unique("企业微信 ");
  await signIn(page, "sysadmin");
  await page.goto("/admin/oa/new");
  await expect(page.getByRole("heading", { level: 1, name: "新建 OA 连接器", exact: true })).toBeVisible();
  await page.locator("select#kind").selectOption("wecom");
  const field = (label: string) => page.getByLabel(label, { exact: true });
  await field("名称").fill(name);
  await field("OA 接口地址").fill("https://qyapi.weixin.qq.com");
  await field("审批模板 ID *").fill("3WLJF6naF5jhnXvwbzVYhbmSGmCBJnM1cJNeUxwP");
  await field("标题字段 *").fill("Text-1");
  await field("通知应用 AgentId").fill("1.5");
  // WeCom's approver modes read as words, the vendor's code kept for its console.
  await expect(field("多人审批方式")).toContainText("会签：须全部同意（all）");
  await page.getByRole("button", { name: "创建连接器" }).click();

  // The template's other controls, the corp id and every secret are named one by one; what was typed stays.
  for (const label of ["企业 ID（CorpID） *", "摘要字段 *", "全宗字段 *", "详情链接字段 *", "Token *", "EncodingAESKey *", "应用 Secret *"]) {
    await expect(field(label), label).toHaveAttribute("aria-invalid", "true");
    await expect(field(label), label).toHaveAccessibleDescription("必填。");
  }
  await expect(field("通知应用 AgentId")).toHaveAccessibleDescription("请输入整数。");
  await expect(field("标题字段 *")).not.toHaveAttribute("aria-invalid");
  await expect(field("标题字段 *")).toHaveValue("Text-1");
  await expect(field("名称")).toHaveValue(name);

  await field("企业 ID（CorpID） *").fill("ww0123456789abcdef");
  await field("摘要字段 *").fill("Textarea-1");
  await field("全宗字段 *").fill("Text-2");
  await field("详情链接字段 *").fill("Text-3");
  await field("通知应用 AgentId").fill("1000002");
  await field("Token *").fill("QDG6eK");
  await field("EncodingAESKey *").fill("jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C");
  await field("应用 Secret *").fill("wecom-app-secret");
  await page.getByRole("button", { name: "创建连接器" }).click();
  await expect(page.getByTestId("oa-api-key")).toBeVisible();

  const { db, close } = e2eDb();
  const [stored] = await db.select({ config: oaConnectors.config }).from(oaConnectors).where(eq(oaConnectors.name, name));
  await close();
  expect(stored?.config).toMatchObject({ notifyAgentId: 1000002, controls: { title: "Text-1", summary: "Textarea-1", fondsName: "Text-2", detailUrl: "Text-3" } });
});
