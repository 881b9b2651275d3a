// Screenshots of the story list and the first story page (its top, its timeline, the whole page) at desktop and
// phone widths.
// Usage: node shots.mjs BASE_URL ARTIFACT_DIR PREFIX
import { chromium } from "playwright-core";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const [base, artifacts, prefix = "shots"] = process.argv.slice(2);
fs.mkdirSync(artifacts, { recursive: true });
const out = { screenshots: [], pageerrors: [] };
for (const width of [1400, 390]) {
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), "np-chromium-"));
  const ctx = await chromium.launchPersistentContext(userDir, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium", headless: true,
    viewport: { width, height: 900 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
  try {
    const page = ctx.pages()[0] || await ctx.newPage();
    page.setDefaultTimeout(170000);
    page.on("pageerror", (e) => out.pageerrors.push(String(e)));
    const shot = async (name, fullPage = true) => {
      const p = path.join(artifacts, `${prefix}-${name}-${width}.png`);
      await page.screenshot({ path: p, fullPage });
      out.screenshots.push(p);
    };
    await page.goto(base + "/?sort=outlets");
    out[`bars_${width}`] = await page.locator("svg.leanbar").count();
    await shot("list");
    await page.goto(base + "/?lean=right");
    await shot("list-right");
    await page.goto(base + "/?sort=outlets");
    await page.locator("a.story-link").first().click();
    await page.waitForSelector("section#summary");
    await shot("story", false);  // the top: header, who covers it, key points
    const tl = page.locator("section#timeline");
    await tl.scrollIntoViewIfNeeded();
    const p = path.join(artifacts, `${prefix}-story-timeline-${width}.png`);
    await tl.screenshot({ path: p });
    out.screenshots.push(p);
    out[`timeline_events_${width}`] = await page.locator("svg.timeline a.event").count();
    out[`timeline_dots_${width}`] = await page.locator("svg.timeline circle.dot").count();
    await shot("story-full");
  } finally {
    await ctx.close();
  }
}
console.log(JSON.stringify(out));
