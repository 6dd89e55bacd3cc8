// Timeline journey in the real WebKit webview: open an incident's timeline, add an observed
// event with the keyboard only (recorded at the time it is added), filter to it, verify the
// chain, and export the timeline as
// HTML from the UI into a file that carries the event and the chain head hash; then stop a
// large import halfway and find the timeline as it was.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, test } from "node:test";
import { byTestId, useApp } from "./driver.mjs";

const app = useApp();
const { sandbox, screenshotOnFailure } = app;
let browser;
before(async () => {
  browser = await app.ready;
});
const MESSAGE = "Beacon to 203.0.113.7 from FS-LYON-02";

const rows = () => browser.$$(byTestId("timeline-row"));

test("add an event by keyboard, filter to it, verify, export HTML", async () => {
  await screenshotOnFailure("timeline", async () => {
    await browser.$(byTestId("declare-button")).waitForClickable({ timeout: 20_000 });
    await browser.$(byTestId("declare-button")).click();
    await browser.$(byTestId("declare-title")).setValue("C2 beaconing from Lyon file server");
    await browser.$(byTestId("declare-type")).selectByAttribute("value", "malware_outbreak");
    await browser.$(byTestId("declare-severity")).selectByAttribute("value", "sev2");
    await browser.$(byTestId("declare-submit")).click();
    await browser.$(byTestId("open-timeline")).waitForClickable({ timeout: 10_000 });
    await browser.$(byTestId("open-timeline")).click();
    await browser.$(byTestId("page-timeline")).waitForDisplayed({ timeout: 10_000 });
    // The declaration is already on the timeline as a responder action.
    await browser.waitUntil(async () => (await rows()).length === 1, {
      timeout: 10_000,
      timeoutMsg: "the declaration action did not appear",
    });

    // Keyboard only: A opens quick-add with focus in "What happened" and When left at "now";
    // Enter submits. The event is recorded at the time it was added.
    await browser.$(byTestId("page-timeline")).click();
    await browser.keys(["a"]);
    await browser.$(byTestId("qa-message")).waitForDisplayed();
    await browser.waitUntil(async () => (await browser.execute(() => document.activeElement?.dataset?.testid)) === "qa-message", {
      timeout: 5_000,
      timeoutMsg: "focus is not in What happened",
    });
    assert.equal((await browser.$(byTestId("qa-time")).getValue()).trim(), "now");
    const before = Date.now();
    // Typing goes through WebDriver's send-keys into each field (per-key actions drop
    // repeated characters in WebKitWebDriver); opening and submitting are plain key presses.
    await browser.$(byTestId("qa-message")).addValue(MESSAGE);
    await browser.$(byTestId("qa-host")).addValue("FS-LYON-02");
    await browser.$(byTestId("qa-tactics")).addValue("Command and Control");
    await browser.keys(["Enter"]);
    await browser.waitUntil(async () => (await rows()).length === 2, {
      timeout: 10_000,
      timeoutMsg: "the new event did not appear",
    });
    const occurred = await browser.execute((m) => {
      const row = [...document.querySelectorAll('[data-testid="timeline-row"]')].find((r) => r.textContent?.includes(m));
      return row?.querySelector("time")?.getAttribute("datetime") ?? "";
    }, MESSAGE);
    const at = Date.parse(occurred);
    assert.ok(at >= before - 60_000 && at <= Date.now() + 60_000, `the event happened now, not at ${occurred}`);

    // Filter by host: only the event remains.
    await browser.keys(["Escape"]);
    await browser.$(byTestId("filter-host")).setValue("fs-lyon-02");
    await browser.waitUntil(async () => (await rows()).length === 1, {
      timeout: 10_000,
      timeoutMsg: "the host filter did not narrow the list",
    });
    // Rows are re-rendered as pages load: query afresh rather than hold an element.
    await browser.waitUntil(
      async () =>
        (
          await browser.execute(
            () => document.querySelector('[data-testid="timeline-row"]')?.textContent ?? "",
          )
        ).includes(MESSAGE),
      { timeout: 10_000, timeoutMsg: "the filtered row does not show the event" },
    );
    assert.equal(await browser.$(byTestId("timeline-row")).getAttribute("data-kind"), "event");

    await browser.$(byTestId("verify-button")).click();
    const verdict = browser.$(byTestId("verify-result"));
    await verdict.waitForDisplayed({ timeout: 10_000 });
    assert.equal(await verdict.getAttribute("data-status"), "intact");
    // Every change made in the window is signed with this machine's key (the sandbox's).
    const signatures = browser.$(byTestId("verify-signatures"));
    await signatures.waitForDisplayed({ timeout: 10_000 });
    assert.equal(await signatures.getAttribute("data-status"), "signed");
    assert.match(await signatures.getText(), /Signed by e2e-responder \([0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4}\)/);
    // The incident's own record is the log's projection: replayed, it is the same.
    const log = browser.$(byTestId("verify-log"));
    await log.waitForDisplayed({ timeout: 10_000 });
    assert.equal(await log.getAttribute("data-status"), "intact");
    assert.match(await log.getText(), /Operation log intact: \d+ operations? from e2e-responder .*replay gives the same incidents/);
    // An insider's edit with the sqlite3 shell is named with its column; undone, it passes.
    const setSeverity = (sev) =>
      execFileSync("sqlite3", ["-cmd", ".timeout 10000", sandbox.db, `UPDATE incidents SET severity = '${sev}'`]);
    setSeverity("sev4");
    await browser.$(byTestId("verify-button")).click();
    await browser.waitUntil(async () => (await log.getAttribute("data-status")) === "differs", {
      timeout: 10_000,
      timeoutMsg: "a row changed behind Firebreak's back was not flagged",
    });
    assert.match(await log.getText(), /severity is "sev4" in the database, but the log makes it "sev2"/);
    setSeverity("sev2");
    await browser.$(byTestId("verify-button")).click();
    await browser.waitUntil(async () => (await log.getAttribute("data-status")) === "intact", {
      timeout: 10_000,
      timeoutMsg: "the record did not verify again once the edit was undone",
    });

    await browser.$(byTestId("export-button")).click();
    await browser.$(byTestId("export-dialog")).waitForDisplayed();
    await browser.$(byTestId("export-format")).selectByAttribute("value", "html");
    const target = join(sandbox.dir, "timeline-export.html");
    const path = browser.$(byTestId("export-path"));
    await path.clearValue();
    await path.setValue(target);
    await browser.$(byTestId("export-submit")).click();
    const result = browser.$(byTestId("export-result"));
    await result.waitForDisplayed({ timeout: 20_000 });
    const head = (await browser.$(byTestId("export-result-hash")).getText()).trim();
    assert.match(head, /^[0-9a-f]{64}$/);

    assert.ok(existsSync(target), "the export file was written");
    const html = readFileSync(target, "utf8");
    assert.ok(html.includes(MESSAGE), "the event is in the export");
    assert.ok(html.includes(head), "the export carries the chain head hash");
    assert.ok(!/<script|https?:\/\//.test(html), "the export is self-contained");
  });
});

test("a large import stopped halfway stores nothing", async () => {
  await screenshotOnFailure("timeline-stop", async () => {
    // Still on the first test's timeline, which holds the declaration and the event.
    const lines = ["message,datetime,timestamp_desc,hostname"];
    for (let i = 0; i < 400_000; i++) {
      const t = new Date(Date.UTC(2026, 10, 19) + i * 1000).toISOString();
      lines.push(`Beacon ${i},${t},Network Connection,FS-LYON-02`);
    }
    const file = join(sandbox.dir, "large.csv");
    writeFileSync(file, lines.join("\n") + "\n");

    await browser.keys(["Escape"]);
    await browser.$(byTestId("export-dialog")).waitForDisplayed({ reverse: true });
    await browser.$(byTestId("import-button")).click();
    await browser.$(byTestId("import-dialog")).waitForDisplayed();
    await browser.$(byTestId("import-path")).setValue(file);
    await browser.$(byTestId("import-preview-button")).click();
    await browser.$(byTestId("import-preview")).waitForDisplayed({ timeout: 10_000 });
    await browser.$(byTestId("import-submit")).click();
    const stop = browser.$(byTestId("import-stop"));
    await stop.waitForClickable({ timeout: 10_000 });
    await stop.click();
    await browser.$(byTestId("import-stopped")).waitForDisplayed({ timeout: 30_000 });
    assert.equal(await browser.$(byTestId("import-error")).isExisting(), false, "a stop is not an error");
    await browser.keys(["Escape"]);
    await browser.$(byTestId("import-dialog")).waitForDisplayed({ reverse: true });

    // Read the timeline afresh from the database: the declaration and the event, nothing else.
    await browser.refresh();
    await browser.$(byTestId("page-timeline")).waitForDisplayed({ timeout: 20_000 });
    const count = browser.$(byTestId("timeline-count"));
    await browser.waitUntil(async () => (await count.getText()).startsWith("2 entries"), {
      timeout: 10_000,
      timeoutMsg: "the timeline does not hold just its two entries after a stopped import",
    });
  });
});
