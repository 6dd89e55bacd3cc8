// The walking-skeleton journey in the real WebKit webview: declare an incident through the
// form, find it in the list, open it, edit its severity, quit, relaunch on the same database
// and find it unchanged with the audit trail showing the edit.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { byTestId, launchApp, makeSandbox, startDriver, waitForRelease } from "./driver.mjs";

const TITLE = "Ransom note on finance file server";
const DRAFT = "Second ransom note, on the HR share";
const sandbox = makeSandbox();
let driver;

before(async () => {
  driver = await startDriver(sandbox);
});

after(async () => {
  await driver?.stop();
});

/** Runs `fn` in a fresh app process; saves a screenshot if it fails. */
async function withApp(name, fn) {
  const browser = await launchApp(driver);
  try {
    await fn(browser);
  } catch (e) {
    mkdirSync("tests/e2e/artifacts", { recursive: true });
    await browser.saveScreenshot(`tests/e2e/artifacts/${name}.png`).catch(() => {});
    throw e;
  } finally {
    await browser.deleteSession();
    await waitForRelease(sandbox.db);
  }
}

/** The sqlite3 shell on the sandbox database, run only once the app has let go of it. */
const sqlite3 = (sql) =>
  execFileSync("sqlite3", ["-cmd", ".timeout 10000", sandbox.db, sql], { encoding: "utf8" });

const severityOf = (browser) => browser.$(byTestId("incident-severity")).getAttribute("data-severity");

test("declare, list, open and edit an incident", async () => {
  await withApp("first-run", async (browser) => {
    await browser.$(byTestId("empty-incidents")).waitForDisplayed({ timeout: 20_000 });

    await browser.$(byTestId("declare-button")).click();
    // Submitting without a title is refused next to the field.
    await browser.$(byTestId("declare-submit")).click();
    await browser.$(byTestId("error-title")).waitForDisplayed();

    await browser.$(byTestId("declare-title")).setValue(TITLE);
    await browser.$(byTestId("declare-type")).selectByAttribute("value", "ransomware");
    await browser.$(byTestId("declare-severity")).selectByAttribute("value", "sev3");
    await browser.$(byTestId("declare-commander")).setValue("Dana Reyes");
    await browser.$(byTestId("declare-submit")).click();

    const heading = browser.$(byTestId("incident-title"));
    await heading.waitForDisplayed({ timeout: 10_000 });
    assert.equal(await heading.getText(), TITLE);

    await browser.$(byTestId("nav-incidents")).click();
    const row = browser.$(`${byTestId("incident-row")}*=${TITLE}`);
    await row.waitForDisplayed({ timeout: 10_000 });
    await row.$(byTestId("incident-link")).click();
    await heading.waitForDisplayed();
    assert.equal(await severityOf(browser), "sev3");

    await browser.$(byTestId("edit-button")).click();
    await browser.$(byTestId("edit-severity")).selectByAttribute("value", "sev2");
    await browser.$(byTestId("edit-save")).click();
    await browser.waitUntil(async () => (await severityOf(browser)) === "sev2", {
      timeout: 10_000,
      timeoutMsg: "severity did not change to sev2",
    });

    // A declaration typed halfway, then the window goes away: the draft is in the database.
    await browser.$(byTestId("declare-button")).click();
    await browser.$(byTestId("declare-title")).setValue(DRAFT);
    await browser.waitUntil(async () => sqlite3("SELECT value FROM drafts").includes(DRAFT), {
      timeout: 10_000,
      timeoutMsg: "the half-typed declaration was not kept in the database",
    });
  });
});

test("after a relaunch the incident and its audit trail are unchanged", async () => {
  await withApp("relaunch", async (browser) => {
    const row = browser.$(`${byTestId("incident-row")}*=${TITLE}`);
    await row.waitForDisplayed({ timeout: 20_000 });
    await row.$(byTestId("incident-link")).click();
    await browser.$(byTestId("incident-title")).waitForDisplayed();
    assert.equal(await severityOf(browser), "sev2");

    const entries = await browser.$$(byTestId("audit-entry"));
    assert.equal(entries.length, 2, "one entry for the declaration, one for the edit");
    const change = browser.$(`${byTestId("audit-change")}[data-field="severity"][data-old="sev3"][data-new="sev2"]`);
    assert.ok(await change.isExisting(), "the edit sev3 → sev2 is in the audit trail");
    assert.match(await browser.$(byTestId("audit-trail")).getText(), /e2e-responder/);

    // The half-typed declaration comes back after the relaunch.
    await browser.$(byTestId("declare-button")).click();
    await browser.$(byTestId("draft-restored")).waitForDisplayed({ timeout: 10_000 });
    assert.equal(await browser.$(byTestId("declare-title")).getValue(), DRAFT);
  });

  const check = sqlite3("PRAGMA integrity_check");
  assert.equal(check.trim(), "ok");
});

test("a database from a newer Firebreak is refused and left untouched", async () => {
  sqlite3("PRAGMA journal_mode=DELETE; PRAGMA user_version=999;");
  const before = readFileSync(sandbox.db);
  await withApp("newer-schema", async (browser) => {
    const page = browser.$(byTestId("startup-error"));
    await page.waitForDisplayed({ timeout: 20_000 });
    assert.match(await page.getText(), /newer Firebreak/);
  });
  assert.ok(before.equals(readFileSync(sandbox.db)), "database bytes changed");
});
