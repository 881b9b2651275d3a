// A generic tour of a running newsprism server in headless Chromium: list -> first story -> first
// citation -> side by side, with a screenshot at each step.
// Usage: node tour.mjs BASE_URL ARTIFACT_DIR [PREFIX]  -> prints one JSON object with what it saw.
import { chromium } from "playwright-core";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const [base, artifacts, prefix = "tour"] = process.argv.slice(2);
fs.mkdirSync(artifacts, { recursive: true });
const userDir = fs.mkdtempSync(path.join(os.tmpdir(), "np-chromium-"));
const out = { screenshots: [], dialogs: [], pageerrors: [] };
const ctx = await chromium.launchPersistentContext(userDir, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium", headless: true,
  viewport: { width: 1280, height: 900 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"],
});
try {
  const page = ctx.pages()[0] || await ctx.newPage();
  page.setDefaultTimeout(170000);  // the first visit of a story builds its brief
  page.on("dialog", async (d) => { out.dialogs.push(d.message()); await d.dismiss(); });
  page.on("pageerror", (e) => out.pageerrors.push(String(e)));
  const shot = async (name) => {
    const p = path.join(artifacts, `${prefix}-${name}.png`);
    await page.screenshot({ path: p, fullPage: true });
    out.screenshots.push(p);
  };
  await page.goto(base + "/");
  out.stories = await page.locator("a.story-link").count();
  await shot("1-list");
  await page.locator("a.story-link").first().click();
  await page.waitForSelector("section#summary");
  out.story_title = await page.locator("h1").first().innerText();
  out.summary_sentences = await page.locator("#summary ol.summary > li").count();
  out.citations = await page.locator("a.cite").count();
  await shot("2-story");
  const cite = page.locator("#summary a.cite").first();
  if (await cite.count()) {
    out.cite_href = await cite.getAttribute("href");
    await cite.click();
    await page.waitForSelector(".sent:target");
    out.target_id = await page.evaluate(() => document.querySelector(":target")?.id ?? null);
    out.target_text = await page.evaluate(() => document.querySelector(":target")?.textContent ?? null);
    await shot("3-cited-sentence");
    await page.goBack();
  }
  await page.locator("#articles form.compare button").click();
  await page.waitForSelector(".columns");
  out.columns = await page.locator(".columns > article.col").count();
  out.aligned = await page.locator(".sent.aligned").count();
  await shot("4-side-by-side");
} catch (err) {
  out.error = String(err && err.stack || err);
} finally {
  await ctx.close();
  fs.rmSync(userDir, { recursive: true, force: true });
}
console.log(JSON.stringify(out));
