// Real inputs in the real WebKit webview: a Plaso timeline with rows Plaso could not date
// imports once the responder chooses to skip them (and says so on the timeline); the first
// malicious event is marked as initial access; a MISP event's indicators come in through the
// preview; the spreadsheet CSV export neutralises formula cells while the Timesketch CSV
// stays exact; and the window cannot be navigated away from the app.
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { before, test } from "node:test";
import { byTestId, useApp } from "./driver.mjs";

const app = useApp();
const { sandbox, screenshotOnFailure } = app;
let browser;
before(async () => {
  browser = await app.ready;
});

const PLASO = resolve("..", "shared", "thirdparty", "plaso", "generated", "out.dynamic.utc.csv");
const MISP = resolve("crates", "firebreak-core", "tests", "fixtures", "misp", "event.json");

const text = (sel) => browser.execute((s) => document.querySelector(s)?.textContent ?? "", sel);

async function click(testid) {
  const el = browser.$(byTestId(testid));
  await el.scrollIntoView({ block: "center" });
  await el.waitForClickable({ timeout: 10_000 });
  await el.click();
}

async function setPath(testid, value) {
  const input = browser.$(byTestId(testid));
  await input.waitForDisplayed({ timeout: 5_000 });
  await input.clearValue();
  await input.addValue(value);
}

test("a Plaso timeline imports once its undated rows are skipped; initial access is marked", async (t) => {
  if (!existsSync(PLASO)) return t.skip(`${PLASO} is not here`);
  await screenshotOnFailure("inputs-plaso", async () => {
    await click("declare-button");
    await browser.$(byTestId("declare-title")).setValue("Payroll export found on a paste site");
    await browser.$(byTestId("declare-type")).selectByAttribute("value", "data_breach");
    await browser.$(byTestId("declare-severity")).selectByAttribute("value", "sev1");
    await click("declare-submit");
    await click("open-timeline");

    await click("import-button");
    await setPath("import-path", PLASO);
    await click("import-preview-button");
    await browser.$(byTestId("import-preview")).waitForDisplayed({ timeout: 20_000 });
    assert.match(await text('[data-testid="import-detected"]'), /Plaso dynamic CSV/);
    assert.match(await text('[data-testid="import-counts"]'), /^503 rows/);
    assert.match(await text('[data-testid="import-undated"]'), /4 rows/);
    // Nothing is skipped behind the responder's back: the import waits for the choice.
    assert.equal(await browser.$(byTestId("import-submit")).isEnabled(), false);
    await click("import-skip-undated");
    await click("import-submit");
    const result = browser.$(byTestId("import-result"));
    await result.waitForDisplayed({ timeout: 60_000 });
    assert.match(await result.getText(), /Imported 499/);
    assert.match(await result.getText(), /4 rows the tool could not date skipped/);
    await browser.keys(["Escape"]);
    await browser.$(byTestId("import-dialog")).waitForDisplayed({ reverse: true });

    // Until a responder marks the first malicious event, the start is not guessed.
    const line = browser.$(byTestId("initial-access-line"));
    await line.waitForDisplayed({ timeout: 10_000 });
    assert.equal(await line.getAttribute("data-marked"), "false");
    const event = browser.$(`${byTestId("timeline-row")}[data-kind="event"]`);
    await event.waitForClickable({ timeout: 10_000 });
    await event.click();
    await click("initial-access-mark");
    await browser.waitUntil(async () => (await line.getAttribute("data-marked")) === "true", {
      timeout: 10_000,
      timeoutMsg: "the initial-access mark did not show under the phase strip",
    });
    await browser.keys(["Escape"]);

    await click("verify-button");
    const verdict = browser.$(byTestId("verify-result"));
    await verdict.waitForDisplayed({ timeout: 30_000 });
    assert.equal(await verdict.getAttribute("data-status"), "intact");
    const log = browser.$(byTestId("verify-log"));
    await log.waitForDisplayed({ timeout: 30_000 });
    assert.equal(await log.getAttribute("data-status"), "intact");
  });
});

test("a MISP event's indicators come in through the preview", async () => {
  await screenshotOnFailure("inputs-misp", async () => {
    await browser.execute(() => history.back());
    await click("open-investigation");
    await click("ioc-import");
    await setPath("ioc-import-path", MISP);
    await click("ioc-import-preview-button");
    const summary = browser.$(byTestId("ioc-import-summary"));
    await summary.waitForDisplayed({ timeout: 10_000 });
    assert.match(await summary.getText(), /12 indicators to add · 0 already recorded · 4 not imported/);
    await click("ioc-import-submit");
    await browser.waitUntil(async () => (await browser.$$(byTestId("ioc-row"))).length === 12, {
      timeout: 10_000,
      timeoutMsg: "the 12 indicators of the MISP event are not listed",
    });
  });
});

test("the spreadsheet CSV neutralises formulas, the Timesketch CSV stays exact", async () => {
  await screenshotOnFailure("inputs-export", async () => {
    const hostile = join(sandbox.dir, "hostile.csv");
    writeFileSync(
      hostile,
      'message,datetime,timestamp_desc\n"=HYPERLINK(""https://evil.example"",""x"")",2026-12-01T03:10:00+00:00,Event\n',
    );
    await browser.execute(() => history.back());
    await click("open-timeline");
    await click("import-button");
    await setPath("import-path", hostile);
    await click("import-preview-button");
    await browser.$(byTestId("import-preview")).waitForDisplayed({ timeout: 10_000 });
    await click("import-submit");
    await browser.$(byTestId("import-result")).waitForDisplayed({ timeout: 20_000 });
    await browser.keys(["Escape"]);

    const exported = async (format, name) => {
      await click("export-button");
      await browser.$(byTestId("export-dialog")).waitForDisplayed();
      await browser.$(byTestId("export-format")).selectByAttribute("value", format);
      const file = join(sandbox.dir, name);
      await setPath("export-path", file);
      await click("export-submit");
      await browser.$(byTestId("export-result")).waitForDisplayed({ timeout: 30_000 });
      await browser.keys(["Escape"]);
      return readFileSync(file, "utf8");
    };
    const sheet = await exported("spreadsheet_csv", "for-people.csv");
    assert.ok(sheet.includes(`"'=HYPERLINK(`), "the formula cell is neutralised for spreadsheets");
    const tools = await exported("timesketch_csv", "for-tools.csv");
    assert.ok(tools.includes(`"=HYPERLINK(`), "the Timesketch CSV keeps the value exactly");
  });
});

test("the window cannot be navigated away from the app", async () => {
  const before = await browser.getUrl();
  await browser.execute(() => {
    location.href = "https://example.com/";
  });
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(new URL(await browser.getUrl()).origin, new URL(before).origin);
});
