// Drives a generated web page in Debian's headless Chromium with playwright-core, for a
// test: commands come in on stdin and answers go out on stdout, one JSON object a line.
//   node browser.cjs URL   (CLOUDGEN_CHROMIUM: the browser, default /usr/bin/chromium)
// The test broker's certificate comes from a throw-away CA, hence ignoreHTTPSErrors;
// Chromium resolves wss.localhost (arduino-iot-js's host name) to 127.0.0.1 by itself.
"use strict";
const readline = require("readline");
const { chromium } = require("playwright-core");

const [url] = process.argv.slice(2);
const problems = []; // console errors and uncaught exceptions of the page

function emit(event) {
  process.stdout.write(JSON.stringify(event) + "\n");
}

const commands = {
  async fill(page, { fields }) {
    for (const [selector, value] of Object.entries(fields)) await page.fill(selector, value);
  },
  async select(page, { selector, value }) {
    await page.selectOption(selector, value);
  },
  async click(page, { selector }) {
    await page.click(selector);
  },
  async setValue(page, { selector, value }) {
    // What a user's drag or pick ends with: the new value, then a change event.
    await page.$eval(
      selector,
      (input, text) => {
        input.value = text;
        input.dispatchEvent(new Event("change", { bubbles: true }));
      },
      value,
    );
  },
  async waitForSelector(page, { selector, timeout }) {
    await page.waitForSelector(selector, { timeout: timeout || 15000 });
  },
  async text(page, { selector }) {
    return page.textContent(selector);
  },
  async attributes(page, { selector, name }) {
    return page.$$eval(selector, (nodes, key) => nodes.map((node) => node.getAttribute(key)), name);
  },
  async property(page, { selector, name }) {
    return page.$eval(selector, (node, key) => node[key], name);
  },
  async waitFor(page, { selector, property, value, timeout }) {
    await page.waitForFunction(
      ([sel, key, wanted]) => {
        const node = document.querySelector(sel);
        return node !== null && node[key] === wanted;
      },
      [selector, property, value],
      { timeout: timeout || 15000 },
    );
  },
  async screenshot(page, { path }) {
    await page.screenshot({ path, fullPage: true });
  },
  async problems() {
    return problems;
  },
};

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CLOUDGEN_CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu"],
  });
  const context = await browser.newContext({
    ignoreHTTPSErrors: true,
    viewport: { width: 1100, height: 800 },
  });
  const page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  await page.goto(url);
  emit({ event: "open", version: browser.version() });
  for await (const line of readline.createInterface({ input: process.stdin })) {
    const command = JSON.parse(line);
    try {
      const result = await commands[command.op](page, command);
      emit({ event: "done", id: command.id, result: result === undefined ? null : result });
    } catch (error) {
      emit({ event: "failed", id: command.id, message: String(error && error.message) });
    }
  }
  await browser.close();
}

main().then(
  () => process.exit(0),
  (error) => {
    emit({ event: "fatal", message: String(error && error.stack) });
    process.exit(1);
  },
);
