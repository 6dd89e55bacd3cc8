// Investigation journey in the real WebKit webview: register an evidence file (hashed where
// it lies), add a defanged indicator, record the root cause, open the executive brief and
// save it as PDF — then check the PDF renders to a non-blank image with poppler, and that a
// tampered evidence file is flagged loudly on re-verification.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, test } from "node:test";
import { byTestId, useApp } from "./driver.mjs";

const app = useApp();
const { sandbox, screenshotOnFailure } = app;
let browser;
before(async () => {
  browser = await app.ready;
});

const text = (sel) => browser.execute((s) => document.querySelector(s)?.textContent ?? "", sel);

/** Clicks a control scrolled to the middle of the window, clear of the sticky header. */
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

/** pdftoppm is installed by scripts/setup; in CI its absence fails the test. */
function renderFirstPage(pdf) {
  try {
    execFileSync("pdftoppm", ["-r", "40", "-gray", "-f", "1", "-l", "1", pdf, join(sandbox.dir, "page")]);
  } catch (e) {
    if (process.env.CI) throw e;
    console.log(`note: pdftoppm unavailable (${e.message}); PDF image check skipped`);
    return null;
  }
  const pgm = readdirSync(sandbox.dir).find((f) => f.startsWith("page") && f.endsWith(".pgm"));
  assert.ok(pgm, "pdftoppm wrote no image");
  return readFileSync(join(sandbox.dir, pgm));
}

test("evidence → indicator → root cause → executive brief as PDF → tamper flagged", async () => {
  await screenshotOnFailure("investigation", async () => {
    await browser.$(byTestId("declare-button")).waitForClickable({ timeout: 20_000 });
    await browser.$(byTestId("declare-button")).click();
    await browser.$(byTestId("declare-title")).setValue("Ransomware at the Łódź plant");
    await browser.$(byTestId("declare-type")).selectByAttribute("value", "ransomware");
    await browser.$(byTestId("declare-severity")).selectByAttribute("value", "sev1");
    await browser.$(byTestId("declare-submit")).click();
    await browser.$(byTestId("metrics-card")).waitForDisplayed({ timeout: 10_000 });
    await browser.$(byTestId("open-investigation")).waitForClickable({ timeout: 10_000 });
    await browser.$(byTestId("open-investigation")).click();

    // Evidence: a file hashed where it lies.
    const evidence = join(sandbox.dir, "triage-FIN-LT-042.zip");
    writeFileSync(evidence, "KAPE triage package bytes");
    const sha256 = createHash("sha256").update(readFileSync(evidence)).digest("hex");
    await browser.$(byTestId("evidence-add")).waitForClickable({ timeout: 10_000 });
    await browser.$(byTestId("evidence-add")).click();
    await browser.$(byTestId("evidence-label")).waitForDisplayed({ timeout: 5_000 });
    await browser.$(byTestId("evidence-label")).addValue("KAPE triage FIN-LT-042");
    await setPath("evidence-path", evidence);
    await browser.$(byTestId("evidence-location")).addValue("Evidence share, case 118");
    await click("evidence-save");
    await browser.waitUntil(async () => (await text('[data-testid="evidence-row"]')).includes(sha256), {
      timeout: 10_000,
      timeoutMsg: "the evidence row does not show the file's SHA-256",
    });

    // Indicator: defanged input is stored refanged.
    await browser.$(byTestId("ioc-value")).waitForDisplayed({ timeout: 5_000 });
    await browser.$(byTestId("ioc-value")).scrollIntoView();
    await browser.$(byTestId("ioc-value")).addValue("hxxps://cdn-update[.]net/gate.php");
    await click("ioc-save");
    await browser.waitUntil(
      async () => (await text('[data-testid="ioc-row"]')).includes("https://cdn-update.net/gate.php"),
      { timeout: 10_000, timeoutMsg: "the indicator was not added in its refanged form" },
    );

    // Root cause with its ATT&CK initial-access technique.
    const statement = "A spearphishing attachment installed a loader on FIN-LT-042.";
    await browser.$(byTestId("root-cause-statement")).scrollIntoView();
    await browser.$(byTestId("root-cause-statement")).addValue(statement);
    await browser.$(byTestId("root-cause-access")).selectByAttribute("value", "T1566.001");
    await click("root-cause-save");
    await browser.waitUntil(async () => (await text('[data-testid="root-cause-view"]')).includes(statement), {
      timeout: 10_000,
      timeoutMsg: "the root cause was not recorded",
    });

    // The executive brief, drawn in the app, then saved as PDF.
    await click("open-brief");
    await browser.$(byTestId("report-view")).waitForDisplayed({ timeout: 10_000 });
    assert.match(await text('[data-testid="report-title"]'), /Executive brief: Ransomware at the Łódź plant/);
    assert.ok((await text('[data-testid="report-view"]')).includes(statement), "the brief states the root cause");
    await browser.$(byTestId("report-save-pdf")).click();
    const pdf = join(sandbox.dir, "brief.pdf");
    await setPath("report-path", pdf);
    await browser.$(byTestId("report-save")).click();
    await browser.$(byTestId("report-saved")).waitForDisplayed({ timeout: 15_000 });
    assert.ok(existsSync(pdf), "the PDF was written");
    assert.equal(readFileSync(pdf).subarray(0, 5).toString(), "%PDF-");
    const image = renderFirstPage(pdf);
    if (image) {
      const pixels = image.subarray(image.length - 200 * 280);
      const dark = pixels.filter((p) => p < 192).length;
      assert.ok(dark * 100 > pixels.length, `page 1 of the brief looks blank (${dark} dark pixels)`);
    }

    // Tampering is flagged loudly on re-verification.
    await browser.back();
    writeFileSync(evidence, "KAPE triage package byteZ");
    await click("evidence-verify");
    await browser.$(byTestId("evidence-alert")).waitForDisplayed({ timeout: 10_000 });
    assert.match(await text('[data-testid="evidence-alert"]'), /mismatch|integrity/i);
  });
});

test("the investigation's section tabs scroll the page, never the window: the top bar stays", async () => {
  await screenshotOnFailure("investigation-tabs", async () => {
    // A long indicator list is what pushed the whole app out of the window.
    const report = Array.from({ length: 300 }, (_, i) => `beacon to 198.51.${Math.floor(i / 250)}.${(i % 250) + 1}`).join("\n");
    await click("ioc-bulk");
    await browser.$(byTestId("ioc-bulk-text")).waitForDisplayed({ timeout: 5_000 });
    await browser.execute((t) => {
      const area = document.querySelector('[data-testid="ioc-bulk-text"]');
      area.value = t;
      area.dispatchEvent(new Event("input", { bubbles: true }));
    }, report);
    await browser.$(byTestId("ioc-bulk-extract")).click();
    await browser.$(byTestId("ioc-bulk-add")).waitForEnabled({ timeout: 10_000 });
    await browser.$(byTestId("ioc-bulk-add")).click();
    await browser.$(byTestId("ioc-bulk-text")).waitForExist({ reverse: true, timeout: 10_000 });

    const shellPosition = () =>
      browser.execute(() => ({
        documentScroll: document.scrollingElement?.scrollTop ?? -1,
        topBar: document.querySelector(".topbar")?.getBoundingClientRect().top ?? -1,
        declareVisible: (() => {
          const r = document.querySelector('[data-testid="declare-button"]')?.getBoundingClientRect();
          return !!r && r.top >= 0 && r.bottom <= window.innerHeight;
        })(),
      }));
    for (const tab of ["nav-indicators", "nav-root-cause", "nav-reports", "nav-evidence"]) {
      await browser.$(byTestId(tab)).click();
      await browser.pause(400);
      assert.deepEqual(await shellPosition(), { documentScroll: 0, topBar: 0, declareVisible: true }, `after ${tab}`);
    }
    // Scrolling on through the list leaves the shell where it is too.
    await browser.execute(() => document.querySelector("#main")?.scrollBy(0, 100_000));
    await browser.pause(300);
    assert.deepEqual(await shellPosition(), { documentScroll: 0, topBar: 0, declareVisible: true }, "after scrolling to the end");
  });
});
