import http from "node:http";
import type { AddressInfo } from "node:net";
import { type Browser, expect, test } from "@playwright/test";
import { signIn } from "./fixtures/auth";
import { seedDemoMonth } from "./fixtures/filing";
import { DEMO_OA_CONNECTOR_ID, configureDemoOa, demoFondsId, ssoUser } from "./fixtures/oa";
import { OIDC_ISSUER } from "./support/oidc-settings";

// A month no other journey or demo import reaches, so this journey owns the filing request it approves; and a
// year of its own, since browse-and-search counts every archived record of 2018 as its own.
const YEAR = 2017;
const MONTH = 7;

/**
 * A stand-in OA web server on 127.0.0.1 (another site than Acta's localhost): its page asks Acta for a
 * launch link server-side with the connector key, as a real OA's backend would, and frames it. `/frame`
 * frames any URL as is, for the pages that must refuse.
 */
async function startOaServer(actaUrl: string, key: () => string) {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    let src = url.searchParams.get("src") ?? "";
    if (url.pathname === "/") {
      const launch = await fetch(`${actaUrl}/api/connectors/oa/${DEMO_OA_CONNECTOR_ID}/launch`, {
        method: "POST",
        headers: { authorization: `Bearer ${key()}`, "content-type": "application/json" },
        body: JSON.stringify({ user: "oa-finance", next: url.searchParams.get("next") }),
      });
      src = ((await launch.json()) as { url: string }).url;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><title>OA 待办</title><h1>OA 待办</h1><iframe title="Acta" src="${src.replaceAll('"', "&quot;")}" style="width:100%;height:900px"></iframe>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A fresh browser profile (no Acta session at all) that records the frames the browser refused. */
async function oaVisitor(browser: Browser) {
  const context = await browser.newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  const page = await context.newPage();
  const refusals: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && m.text().includes("frame-ancestors")) refusals.push(m.text());
  });
  return { context, page, refusals };
}

test("a person signs in through the OpenID provider; SSO creates them only once the OA connector allows it, with no business role", async ({ page }) => {
  await configureDemoOa({ allowSsoProvisioning: false });
  const login = `sso-${Date.now().toString(36)}`;
  await page.goto("/login");
  await page.getByRole("button", { name: "使用单点登录" }).click();
  // The provider's own sign-in page (oidc-provider's development interaction: any login is an account).
  await expect(page).toHaveURL(new RegExp(`^${OIDC_ISSUER}/interaction/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any-password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await expect(page.getByTestId("sso-error")).toContainText("您的单点登录账号尚未在 Acta 开通");
  expect(await ssoUser(OIDC_ISSUER, login)).toBeNull();

  // The administrator allows SSO provisioning on the connector; the provider remembers the person.
  await configureDemoOa({ allowSsoProvisioning: true });
  await page.getByRole("button", { name: "使用单点登录" }).click();
  await expect(page.getByTestId("user-menu")).toBeVisible();
  await expect(page.getByRole("heading", { name: new RegExp(`单点 ${login}`) })).toBeVisible();
  await expect(page.getByText("尚未为您分配全宗")).toBeVisible();
  const user = await ssoUser(OIDC_ISSUER, login);
  expect(user).toMatchObject({ username: login, displayName: `单点 ${login}`, email: `${login}@sso.example.cn`, oidcSubject: login });
  expect(user!.roles).toEqual([]);
  expect((await page.request.get("/api/records")).status()).toBe(403);
});

test("the OA frames an approval through a launch link and finance approves inside it; other origins and Acta's other pages are refused", async ({ page, browser, baseURL }) => {
  let apiKey = "";
  const oa = await startOaServer(baseURL!, () => apiKey);
  const stranger = await startOaServer(baseURL!, () => apiKey);
  try {
    apiKey = await configureDemoOa({ allowedOrigins: [oa.origin] });
    // One voucher without its preparer is held back: the OA's approver is told it is not part of the request.
    await seedDemoMonth({ 记: 3 }, YEAR, MONTH, { heldBack: 1 });
    await signIn(page, "archivist");
    const submitted = await page.request.post("/api/filings", { data: { fondsId: await demoFondsId(), fiscalYear: YEAR, period: MONTH } });
    expect(submitted.status()).toBe(201);
    const filing = (await submitted.json()) as { id: string; approvalId: string };

    // (b) The allowed OA page frames the approval; the finance user decides inside the frame.
    const allowed = await oaVisitor(browser);
    await allowed.page.goto(`${oa.origin}/?next=${encodeURIComponent(`/embed/approvals/${filing.approvalId}`)}`);
    const frame = allowed.page.frameLocator('iframe[title="Acta"]');
    await expect(frame.getByText("OA 账号 oa-finance")).toBeVisible();
    await expect(frame.getByText("另有 1 件暂缓归档")).toBeVisible();
    await frame.getByLabel("审批意见").fill("OA 中核对无误，同意归档");
    await frame.getByRole("button", { name: "同意归档" }).click();
    // The page shows the request decided, with the decision in its history.
    await expect(frame.getByText("已批准", { exact: true })).toBeVisible();
    await expect(frame.getByText("OA 中核对无误，同意归档")).toBeVisible();
    expect(allowed.refusals).toEqual([]);
    // The frame's session cookie: partitioned under the OA's site, SameSite=None, Secure (see the note in embed-session.ts).
    // Listed without a URL filter: a partitioned cookie belongs to the (OA site, Acta) pair, not to Acta's URL alone.
    const cookie = (await allowed.context.cookies()).find((c) => c.name === "acta_embed");
    expect(cookie).toMatchObject({ sameSite: "None", secure: true, httpOnly: true, path: "/embed" });
    expect(cookie!.partitionKey).toContain("127.0.0.1");

    const decided = (await (await page.request.get(`/api/filings/${filing.id}`)).json()) as { state: string; records: { state: string }[] };
    expect(decided.state).toBe("approved");
    expect(decided.records.map((r) => r.state)).toEqual(["archived", "archived", "archived"]);

    // The search inside the same frame session, with records opening in the embedded record view.
    const acta = allowed.page.frames().find((f) => f.url().startsWith(`${baseURL}/embed/`))!;
    await acta.goto(`${baseURL}/embed/search?fiscalYear=${YEAR}&period=${MONTH}`);
    const rows = allowed.page.frameLocator('iframe[title="Acta"]').getByTestId("record-row");
    await expect(rows).toHaveCount(3);
    await rows.first().getByRole("link").click();
    await expect(allowed.page.frameLocator('iframe[title="Acta"]').getByText("档号", { exact: true })).toBeVisible();
    expect(allowed.refusals).toEqual([]);

    // (c) A page from an origin the connector does not list: the browser refuses the frame.
    const other = await oaVisitor(browser);
    await other.page.goto(`${stranger.origin}/?next=${encodeURIComponent(`/embed/approvals/${filing.approvalId}`)}`);
    await expect.poll(() => other.refusals.length).toBeGreaterThan(0);
    expect(other.refusals[0]).toContain(`frame-ancestors ${oa.origin}`);
    await expect(other.page.frameLocator('iframe[title="Acta"]').getByLabel("审批意见")).toHaveCount(0);

    // Acta's own pages refuse every frame, even from the allowed OA.
    await allowed.page.goto(`${oa.origin}/frame?src=${encodeURIComponent(`${baseURL}/login`)}`);
    await expect.poll(() => allowed.refusals.length).toBeGreaterThan(0);
    expect(allowed.refusals[0]).toContain("frame-ancestors 'none'");
    await expect(allowed.page.frameLocator('iframe[title="Acta"]').getByLabel("用户名")).toHaveCount(0);
  } finally {
    await Promise.all([oa.close(), stranger.close()]);
  }
});
