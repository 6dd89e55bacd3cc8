// Notification journey in the real WebKit webview: record facts on an incident (EU and
// California residents, personal data, awareness time), see the GDPR 72-hour obligation with
// its countdown, mark it sent, find the decision on the timeline, and export the deadlines as
// an .ics calendar.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { before, test } from "node:test";
import { byTestId, useApp } from "./driver.mjs";

const app = useApp();
const { sandbox, screenshotOnFailure } = app;
let browser;
before(async () => {
  browser = await app.ready;
});
const gdpr = '[data-testid="obligation"][data-rule-id="gdpr-33-authority"]';

async function addJurisdiction(code, people) {
  await browser.$(byTestId("facts-jurisdiction-input")).setValue(code);
  await browser.$(byTestId("facts-jurisdiction-people")).setValue(people);
  await browser.$(byTestId("facts-jurisdiction-add")).click();
  await browser.waitUntil(
    async () => (await browser.$$(`[data-testid="facts-jurisdiction-row"][data-code="${code}"]`)).length === 1,
    { timeout: 5_000, timeoutMsg: `${code} was not added` },
  );
}

test("facts → GDPR 72 h with countdown → mark sent → timeline → .ics", async () => {
  await screenshotOnFailure("notifications", async () => {
    await browser.$(byTestId("declare-button")).waitForClickable({ timeout: 20_000 });
    await browser.$(byTestId("declare-button")).click();
    await browser.$(byTestId("declare-title")).setValue("Customer database exfiltration");
    await browser.$(byTestId("declare-type")).selectByAttribute("value", "data_breach");
    await browser.$(byTestId("declare-severity")).selectByAttribute("value", "sev1");
    await browser.$(byTestId("declare-submit")).click();
    await browser.$(byTestId("open-notifications")).waitForClickable({ timeout: 10_000 });
    await browser.$(byTestId("open-notifications")).click();
    await browser.$(byTestId("notify-disclaimer")).waitForDisplayed({ timeout: 10_000 });
    assert.match(await browser.$(byTestId("notify-disclaimer")).getText(), /counsel/i);

    await addJurisdiction("DE", "1200");
    await addJurisdiction("US-CA", "300");
    await browser.$(byTestId("facts-data-personal_data")).click();
    // The facts form is taller than the window: bring controls clear of the sticky Save bar.
    await browser.$(byTestId("facts-risk")).scrollIntoView({ block: "center" });
    await browser.$(byTestId("facts-risk")).selectByAttribute("value", "risk");
    // Aware one hour ago: the 72-hour clock has about 71 hours left.
    const aware = new Date(Date.now() - 3600_000).toISOString().replace(/\.\d+Z$/, "Z");
    await browser.$(byTestId("moment-aware_personal_data_breach")).scrollIntoView({ block: "center" });
    await browser.$(byTestId("moment-aware_personal_data_breach")).setValue(aware);
    await browser.$(byTestId("facts-save")).click();

    const card = browser.$(gdpr);
    await card.waitForDisplayed({ timeout: 10_000 });
    assert.equal(await card.getAttribute("data-applicability"), "applies");
    const due = await browser.execute(
      (sel) => document.querySelector(sel)?.querySelector('[data-testid="obligation-due-utc"]')?.textContent ?? "",
      gdpr,
    );
    const expected = new Date(Date.parse(aware) + 72 * 3600_000).toISOString().slice(0, 16).replace("T", " ");
    assert.ok(due.includes(expected), `due ${due} should show ${expected}`);
    const countdown = await card.$(byTestId("obligation-countdown"));
    assert.equal(await countdown.getAttribute("data-overdue"), "false");
    assert.match(await countdown.getText(), /2\s*d|70\s*h|71\s*h/);

    await card.$(byTestId("decision-select")).selectByAttribute("value", "sent");
    await card.$(byTestId("decision-note")).setValue("Filed on the BfDI portal, reference 2026-4471");
    await card.$(byTestId("decision-save")).click();
    await browser.waitUntil(async () => (await browser.$(gdpr).getAttribute("data-decision")) === "sent", {
      timeout: 10_000,
      timeoutMsg: "the decision was not saved",
    });

    await browser.$(byTestId("export-ics")).click();
    const target = join(sandbox.dir, "deadlines.ics");
    const path = browser.$(byTestId("ics-path"));
    await path.waitForDisplayed();
    await path.clearValue();
    await path.setValue(target);
    await browser.$(byTestId("ics-save")).click();
    await browser.$(byTestId("ics-result")).waitForDisplayed({ timeout: 10_000 });
    assert.ok(existsSync(target), "the calendar was written");
    const ics = readFileSync(target, "utf8");
    assert.ok(ics.startsWith("BEGIN:VCALENDAR\r\n"));
    assert.ok(ics.includes("SUMMARY:GDPR: Notify the lead supervisory authority"));
    const dtstart = new Date(Date.parse(aware) + 72 * 3600_000).toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");
    assert.ok(ics.includes(`DTSTART:${dtstart}`), `the calendar has the GDPR deadline ${dtstart}`);

    await browser.$(byTestId("open-timeline")).click();
    await browser.$(byTestId("page-timeline")).waitForDisplayed({ timeout: 10_000 });
    await browser.waitUntil(
      async () =>
        (
          await browser.execute(() =>
            [...document.querySelectorAll('[data-testid="timeline-row"]')].map((r) => r.textContent ?? "").join("\n"),
          )
        ).includes("Notification decision"),
      { timeout: 10_000, timeoutMsg: "the decision is not on the timeline" },
    );
  });
});

test("add a stakeholder, draft a message to them, mark it sent", async () => {
  await screenshotOnFailure("messages", async () => {
    // The first test left the incident's timeline open; come back to its notifications.
    const notifications = await browser.execute(() => window.location.hash.replace(/\/timeline$/, "/notifications"));
    await browser.execute(() => {
      window.location.hash = "#/stakeholders";
    });
    await browser.$(byTestId("stakeholders-add")).waitForClickable({ timeout: 10_000 });
    await browser.$(byTestId("stakeholders-add")).click();
    await browser.$(byTestId("sh-name")).setValue("Dana Whitfield");
    await browser.$(byTestId("sh-organisation")).setValue("Whitfield & Roe LLP");
    await browser.$(byTestId("sh-category")).selectByAttribute("value", "outside_counsel");
    await browser.$(byTestId("sh-primary-channel")).selectByAttribute("value", "email");
    await browser.$(byTestId("sh-primary-address")).setValue("dana@whitfield.example");
    await browser.$(byTestId("sh-oob-channel")).selectByAttribute("value", "phone");
    await browser.$(byTestId("sh-oob-address")).setValue("+1 212 555 0100");
    await browser.$(byTestId("sh-save")).click();
    await browser.waitUntil(async () => (await browser.$$(byTestId("stakeholder-row"))).length === 1, {
      timeout: 10_000,
      timeoutMsg: "the stakeholder row did not appear",
    });

    await browser.execute((hash) => {
      window.location.hash = hash;
    }, notifications);
    await browser.$(byTestId("message-new")).waitForClickable({ timeout: 10_000 });
    await browser.$(byTestId("message-new")).click();
    await browser.$(byTestId("message-composer")).waitForDisplayed();
    await browser.$(byTestId("msg-template")).selectByAttribute("value", "board-brief");
    await browser.waitUntil(async () => (await browser.$(byTestId("msg-subject")).getValue()).includes("Customer database exfiltration"), {
      timeout: 10_000,
      timeoutMsg: "the template was not filled from the incident",
    });
    await browser.$(byTestId("msg-recipient")).click();
    // The composer is taller than the 800-pixel screen: bring each button into view first.
    const press = async (id) => {
      const el = browser.$(byTestId(id));
      await el.scrollIntoView({ block: "center" });
      await el.waitForClickable({ timeout: 10_000 });
      await el.click();
    };
    await press("msg-save-draft");
    await browser.waitUntil(async () => (await browser.$$('[data-testid="message-row"][data-sent="false"]')).length === 1, {
      timeout: 10_000,
      timeoutMsg: "the draft was not saved",
    });
    await press("msg-mark-sent");
    await browser.$(byTestId("confirm-ok")).waitForClickable({ timeout: 5_000 });
    await browser.$(byTestId("confirm-ok")).click();
    await browser.waitUntil(
      async () => (await browser.$$('[data-testid="message-row"][data-sent="true"]')).length === 1,
      { timeout: 10_000, timeoutMsg: "the message is not in the sent log" },
    );
  });
});

test("a draft for an obligation saves without a recipient and the obligation shows Drafted", async () => {
  await screenshotOnFailure("draft-without-recipient", async () => {
    await browser.execute(() => {
      window.location.hash = "#/incidents";
    });
    await browser.$(byTestId("declare-button")).waitForClickable({ timeout: 10_000 });
    await browser.$(byTestId("declare-button")).click();
    await browser.$(byTestId("declare-title")).setValue("HR share copied to a paste site");
    await browser.$(byTestId("declare-type")).selectByAttribute("value", "data_breach");
    await browser.$(byTestId("declare-severity")).selectByAttribute("value", "sev2");
    await browser.$(byTestId("declare-submit")).click();
    await browser.$(byTestId("open-notifications")).waitForClickable({ timeout: 10_000 });
    await browser.$(byTestId("open-notifications")).click();
    await browser.$(byTestId("facts-jurisdiction-input")).waitForDisplayed({ timeout: 10_000 });
    await addJurisdiction("FR", "40");
    await browser.$(byTestId("facts-data-personal_data")).click();
    await browser.$(byTestId("facts-risk")).scrollIntoView({ block: "center" });
    await browser.$(byTestId("facts-risk")).selectByAttribute("value", "risk");
    await browser.$(byTestId("moment-aware_personal_data_breach-now")).scrollIntoView({ block: "center" });
    // The moment picker's Now fills the date and time in the chosen zone.
    await browser.$(byTestId("moment-aware_personal_data_breach-now")).click();
    assert.match(await browser.$(byTestId("moment-aware_personal_data_breach")).getValue(), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    await browser.$(byTestId("facts-save")).click();

    const card = browser.$(gdpr);
    await card.waitForDisplayed({ timeout: 10_000 });
    assert.equal(await card.getAttribute("data-decision"), "pending");
    const draft = await card.$(byTestId("obligation-draft"));
    await draft.scrollIntoView({ block: "center" });
    await draft.click();
    await browser.$(byTestId("message-composer")).waitForDisplayed();
    await browser.waitUntil(async () => (await browser.$(byTestId("msg-subject")).getValue()).trim() !== "", {
      timeout: 10_000,
      timeoutMsg: "the template was not filled in",
    });
    const save = browser.$(byTestId("msg-save-draft"));
    await save.scrollIntoView({ block: "center" });
    await save.click();
    await browser.waitUntil(async () => (await browser.$(byTestId("msg-status")).getText()).startsWith("Draft saved"), {
      timeout: 10_000,
      timeoutMsg: "the draft without a recipient was not saved",
    });
    assert.equal(await browser.$$(byTestId("msg-recipients-error")).length, 0);
    await browser.$(byTestId("msg-close")).click();
    await browser.waitUntil(async () => (await browser.$(gdpr).getAttribute("data-decision")) === "drafted", {
      timeout: 10_000,
      timeoutMsg: "the obligation did not become Drafted",
    });
    assert.match(await browser.$(gdpr).$(byTestId("obligation-decision")).getText(), /Drafted/);
  });
});
