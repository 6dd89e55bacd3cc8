// Playbook journey in the real WebKit webview: declare a ransomware incident, start the
// ransomware playbook, answer "does this apply?" on a step whose fact is unknown, mark two
// containment steps done with notes, skip one with a reason,
// set "personal data involved" and see the notification step appear, find every change in
// the incident's audit trail, then search "isolate" on the Playbooks page and open a hit.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { byTestId, useApp } from "./driver.mjs";

const app = useApp();
const { screenshotOnFailure } = app;
let browser;
before(async () => {
  browser = await app.ready;
});

const step = (id) => `${byTestId("run-step")}[data-step="${id}"]`;

async function setStep(id, state, { note, reason } = {}) {
  const row = browser.$(step(id));
  await row.scrollIntoView({ block: "center" });
  if (!(await browser.$(`${step(id)} ${byTestId("step-state")}`).isExisting())) {
    await row.$(byTestId("run-step-toggle")).click();
  }
  await row.$(byTestId("step-state")).selectByAttribute("value", state);
  if (note) await row.$(byTestId("step-note")).setValue(note);
  if (reason) await row.$(byTestId("step-reason")).setValue(reason);
  else if (reason !== undefined) await row.$(byTestId("step-reason")).clearValue();
  await row.$(byTestId("step-save")).click();
}

async function stateOf(id) {
  return browser.$(step(id)).getAttribute("data-state");
}

test("run the ransomware playbook on a new incident", async () => {
  await screenshotOnFailure("playbook-run", async () => {
    await browser.$(byTestId("declare-button")).waitForClickable({ timeout: 20_000 });
    await browser.$(byTestId("declare-button")).click();
    await browser.$(byTestId("declare-title")).setValue("Encrypted file shares in Lyon");
    await browser.$(byTestId("declare-type")).selectByAttribute("value", "ransomware");
    await browser.$(byTestId("declare-severity")).selectByAttribute("value", "sev1");
    await browser.$(byTestId("declare-submit")).click();
    await browser.$(byTestId("incident-title")).waitForDisplayed({ timeout: 10_000 });

    await browser.$(byTestId("start-suggested")).click();
    await browser.$(`${byTestId("run")}[data-playbook="ransomware"]`).waitForDisplayed({ timeout: 10_000 });
    assert.equal(await browser.$(step("personal-data-notifications")).getAttribute("data-applicable"), "false");

    // Unknown is not No: with "cyber insurance" unknown, the insurer step asks for a decision
    // on its row and in What next; Yes makes it an ordinary open step.
    const insurer = step("engage-insurer-early");
    assert.equal(await browser.$(insurer).getAttribute("data-applicability"), "undecided");
    assert.match(await browser.$(`${insurer} ${byTestId("step-decide")}`).getText(), /Decide: does this apply\?/);
    assert.ok(
      await browser.$(`${byTestId("what-next")} [data-step="engage-insurer-early"][data-decide="true"]`).isExisting(),
      "the decision is listed in What next",
    );
    const yes = browser.$(`${insurer} ${byTestId("decide-yes")}`);
    await yes.scrollIntoView({ block: "center" });
    await yes.click();
    await browser.waitUntil(async () => (await browser.$(insurer).getAttribute("data-applicability")) === "applies", {
      timeout: 10_000,
      timeoutMsg: "Yes did not make the insurer step apply",
    });
    assert.equal(await browser.$(insurer).getAttribute("data-state"), "todo");

    await setStep("isolate-hosts", "done", { note: "FS-LYO-02 and 2 jump hosts isolated via EDR" });
    await browser.waitUntil(async () => (await stateOf("isolate-hosts")) === "done", { timeoutMsg: "isolate-hosts not done" });
    await setStep("protect-backups", "done", { note: "Backup VLAN cut off, immutable copies verified" });
    await browser.waitUntil(async () => (await stateOf("protect-backups")) === "done", { timeoutMsg: "protect-backups not done" });

    // Skipping needs a reason: refused inline without one, accepted with one.
    await setStep("export-logs", "skipped", { reason: "" });
    await browser.$(byTestId("error-reason")).waitForDisplayed();
    assert.equal(await stateOf("export-logs"), "todo");
    await setStep("export-logs", "skipped", { reason: "SIEM already retains 400 days of these logs" });
    await browser.waitUntil(async () => (await stateOf("export-logs")) === "skipped", { timeoutMsg: "export-logs not skipped" });

    await browser.$(byTestId("fact-personal_data_involved")).selectByAttribute("value", "yes");
    const outcome = browser.$(byTestId("facts-outcome"));
    await outcome.waitForDisplayed({ timeout: 10_000 });
    assert.match(await outcome.getText(), /personal-data breach notifications/i);
    await browser.waitUntil(
      async () => (await browser.$(step("personal-data-notifications")).getAttribute("data-applicable")) === "true",
      { timeoutMsg: "the notification step did not appear" },
    );

    const actions = await browser.$$(byTestId("audit-entry")).map((e) => e.getAttribute("data-action"));
    const count = (a) => actions.filter((x) => x === a).length;
    assert.equal(count("playbook_started"), 1, actions.join(","));
    assert.equal(count("step_updated"), 3, actions.join(","));
    assert.equal(count("facts_changed"), 2, actions.join(","));
    assert.match(await browser.$(byTestId("audit-trail")).getText(), /SIEM already retains 400 days/);
  });
});

test("search the playbooks offline and open a hit", async () => {
  await screenshotOnFailure("playbook-search", async () => {
    await browser.$(byTestId("nav-playbooks")).click();
    await browser.$(byTestId("playbook-search")).setValue("isolate");
    const hit = browser.$(byTestId("search-hit"));
    await hit.waitForDisplayed({ timeout: 10_000 });
    assert.match(await hit.getText(), /isolat/i);
    const stepId = await hit.getAttribute("data-step");
    await hit.click();
    await browser.$(byTestId("playbook-reader")).waitForDisplayed({ timeout: 10_000 });
    const target = browser.$(`${byTestId("playbook-step")}[data-step="${stepId}"]`);
    await target.waitForDisplayed();
    assert.ok(await target.isDisplayed({ withinViewport: true }), "the hit's step is scrolled into view");
  });
});
