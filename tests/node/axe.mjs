// Run axe-core on HTML files in one headless Chromium and print the violations as JSON.
//
//   node tests/a11y/axe.mjs page.html [more.html ...]
//
// Prints {"<file>": [{id, impact, help, targets}], ...}; exits 1 if any page has
// a violation, 2 if the check itself could not run. The browser is $CHROMIUM, else Debian's
// /usr/bin/chromium-headless-shell, else (on Ubuntu, whose Chromium is a snap) the build of the
// same shell that setup.sh had Playwright download.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const DEBIAN_CHROMIUM = "/usr/bin/chromium-headless-shell";
const axeSource = require("axe-core").source;

// The rule sets the UK public sector accessibility regulations point at (WCAG 2.2 AA), plus axe's best practices.
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

// This machine has no network: stop Chromium from trying to reach Google's services at start-up.
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

async function check(page, file) {
  await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: "load" });
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
    TAGS,
  );
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(" ")),
  }));
}

async function main(files) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || (existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined),
    args: FLAGS,
  });
  try {
    const page = await browser.newPage();
    const report = {};
    for (const file of files) report[file] = await check(page, file);
    process.stdout.write(JSON.stringify(report, null, 2) + "\n");
    return Object.values(report).some((v) => v.length) ? 1 : 0;
  } finally {
    await browser.close();
  }
}

if (process.argv.length < 3) {
  process.stderr.write("usage: node axe.mjs page.html [more.html ...]\n");
  process.exit(2);
}
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error.stack || error}\n`);
    process.exit(2);
  },
);
