// Headless Chromium checks of the newsprism web UI: end-to-end navigation and "no script runs".
// Usage: node run_checks.mjs BASE_URL ARTIFACT_DIR REPORT_HTML  -> prints one JSON object with the results.
import { chromium } from "playwright-core";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const [base, artifacts, report] = process.argv.slice(2);
const MARK = "__np_pwned";
const exe = process.env.CHROMIUM || "/usr/bin/chromium";
fs.mkdirSync(artifacts, { recursive: true });
const userDir = fs.mkdtempSync(path.join(os.tmpdir(), "np-chromium-"));
const out = { e2e: {}, timeline: {}, report: {}, xss: { pages: {} }, control: {}, dialogs: [], pageerrors: [], screenshots: [] };

const ctx = await chromium.launchPersistentContext(userDir, {
  executablePath: exe, headless: true, viewport: { width: 1280, height: 900 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"],
});
try {
  const page = ctx.pages()[0] || await ctx.newPage();
  page.on("dialog", async (d) => { out.dialogs.push(d.message()); await d.dismiss(); });
  page.on("pageerror", (e) => out.pageerrors.push(String(e)));
  const shot = async (name) => {
    const p = path.join(artifacts, name);
    await page.screenshot({ path: p, fullPage: true });
    out.screenshots.push(p);
  };

  // Positive control: the same detector does see a script that runs (so "unset" below means something).
  await page.goto("data:text/html,<script>window." + MARK + "=1;alert('control')</script>");
  out.control.flag = await page.evaluate((m) => window[m] ?? null, MARK);
  out.control.dialogs = out.dialogs.length;
  out.dialogs = [];

  // End to end: list -> story -> citation -> cited sentence; then side by side.
  await page.goto(base + "/");
  out.e2e.list_rows = await page.locator("a.story-link").count();
  out.e2e.list_titles = await page.locator("a.story-link").allInnerTexts();
  await shot("web-01-story-list.png");
  await page.locator("a.story-link", { hasText: "Ferry runs aground" }).click();
  await page.waitForSelector("section#summary");
  out.e2e.story_h1 = await page.locator("h1").first().innerText();
  out.e2e.story_url = page.url();
  out.e2e.charts = await page.locator("svg.chart").count();
  out.e2e.matrix_on = await page.locator("svg.matrix rect.cell.on").count();
  out.e2e.matrix_cols = await page.locator("svg.matrix text.collabel title").allTextContents();
  out.e2e.coverage_bars = await page.locator("#coverage svg.leanbar rect").count();
  out.e2e.coverage_text = await page.locator("#coverage").innerText();
  out.timeline.dots = await page.locator("svg.timeline circle.dot").count();
  out.timeline.rows = await page.locator("svg.timeline text.rowlabel:not(.lane) title").allTextContents();
  out.timeline.event_hrefs = await page.locator("svg.timeline a.event").evaluateAll(
    (els) => els.map((e) => e.getAttribute("href")));
  out.timeline.box = await page.locator("svg.timeline").boundingBox();
  await shot("web-02-story-brief.png");
  const cite = page.locator("#summary a.cite").first();
  out.e2e.cite_href = await cite.getAttribute("href");
  await cite.click();
  await page.waitForSelector(".sent:target");
  out.e2e.after_cite_url = page.url();
  out.e2e.target_id = await page.evaluate(() => document.querySelector(":target")?.id ?? null);
  out.e2e.target_text = await page.evaluate(() => document.querySelector(":target")?.textContent ?? null);
  out.e2e.target_bg = await page.evaluate(() => getComputedStyle(document.querySelector(":target")).backgroundColor);
  await shot("web-03-cited-sentence.png");
  await page.goBack();
  await page.waitForSelector("form.compare button");
  await page.locator("#articles form.compare button").click();
  await page.waitForSelector(".columns");
  out.e2e.compare_columns = await page.locator(".columns > article.col").count();
  out.e2e.aligned = await page.locator(".sent.aligned").count();
  out.e2e.aligned_colours = await page.evaluate(() => [...document.querySelectorAll(".sent.aligned")].map(
    (e) => [e.id, getComputedStyle(e).backgroundColor]));
  out.e2e.conflict_marks = await page.evaluate(() => [...document.querySelectorAll(".sent.conflict")].map(
    (e) => [e.id, getComputedStyle(e).backgroundImage]));
  await shot("web-04-side-by-side.png");

  // Timeline: an event marker on the time axis lands on its cited sentence, highlighted.
  await page.goto(base + "/stories/ferry#timeline");
  await page.locator("svg.timeline a.event").last().click();
  await page.waitForSelector(".sent:target");
  out.timeline.after_click_url = page.url();
  out.timeline.target_id = await page.evaluate(() => document.querySelector(":target")?.id ?? null);
  out.timeline.target_bg = await page.evaluate(() => getComputedStyle(document.querySelector(":target")).backgroundColor);

  // The `-o report.html` file: a citation link jumps to its sentence in the same file, highlighted.
  await page.goto("file://" + report);
  out.report.links = await page.locator('a[href^="#"]').count();
  const rc = page.locator('span.cite a[title="pvw3:s1"]').first();  // a fact's Plainview Wire citation
  out.report.href = await rc.getAttribute("href");
  await rc.click();
  await page.waitForSelector(":target");
  out.report.hash = await page.evaluate(() => location.hash);
  out.report.target_id = await page.evaluate(() => document.querySelector(":target")?.id ?? null);
  out.report.target_text = await page.evaluate(() => document.querySelector(":target")?.textContent ?? null);
  out.report.target_bg = await page.evaluate(() => getComputedStyle(document.querySelector(":target")).backgroundColor);
  out.report.in_view = await page.evaluate(() => {
    const r = document.querySelector(":target").getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight;
  });
  await shot("web-06-report-citation.png");

  // Hostile content: every page that shows it, then the flag, dialogs, script elements, javascript: links.
  const urls = ["/", "/?q=Hostile", "/stories/hostile", "/articles/x1?story=hostile", "/articles/x2",
                "/stories/hostile/compare?a=x1&a=x2", "/api/articles/x1", "/api/stories/hostile/brief"];
  for (const u of urls) {
    await page.goto(base + u);
    await page.waitForTimeout(150);
    const r = await page.evaluate((m) => ({
      flag: window[m] ?? null,
      scripts: document.querySelectorAll("script").length,
      handlers: [...document.querySelectorAll("*")].filter((e) => [...e.attributes].some((a) => a.name.startsWith("on"))).length,
      js_links: [...document.querySelectorAll("[href],[src]")].filter((e) => /^\s*javascript:/i.test(e.getAttribute("href") || e.getAttribute("src") || "")).length,
      iframes: document.querySelectorAll("iframe").length,
      shows_text: document.body.innerText.includes("<script>"),
    }), MARK);
    // Clicking every link that stays on the page must not run anything either.
    out.xss.pages[u] = r;
  }
  await page.goto(base + "/articles/x1?story=hostile");
  for (const a of await page.locator("main a").all()) {
    const href = await a.getAttribute("href");
    if (href && !href.startsWith("http")) { await a.click({ noWaitAfter: true }).catch(() => {}); }
  }
  await page.waitForTimeout(200);
  out.xss.after_clicks_flag = await page.evaluate((m) => window[m] ?? null, MARK);
  await page.goto(base + "/stories/hostile");
  await shot("web-05-hostile-story.png");
} catch (err) {
  out.error = String(err && err.stack || err);
} finally {
  await ctx.close();
  fs.rmSync(userDir, { recursive: true, force: true });
}
console.log(JSON.stringify(out));
