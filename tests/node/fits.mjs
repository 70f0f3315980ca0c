// Open each page at a phone's width (390 CSS px) in Debian's headless Chromium and print
// {file: page width} as JSON: a page wider than the screen makes readers scroll sideways.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--disable-sync"];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium-headless-shell", args: FLAGS });
try {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  const widths = {};
  for (const file of process.argv.slice(2)) {
    await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: "load" });
    widths[file] = await page.evaluate(() => document.documentElement.scrollWidth);
  }
  process.stdout.write(JSON.stringify(widths) + "\n");
} finally {
  await browser.close();
}
