// Screenshots of the real window for looking at what a change did (not part of the suite):
//   FIREBREAK_APP=… xvfb-run -a -s "-screen 0 1280x800x24" node tests/e2e/screens.mjs DB OUTDIR [ROUTE…]
// Opens a copy of DB (the original is never written), visits each hash route ("#/incidents/ID",
// "@incident" for the first incident's page, "@incident/timeline", …) and saves NN-name.png.
// "ROUTE!SELECTOR" clicks SELECTOR first; "ROUTE!scroll:SELECTOR" scrolls it to the top;
// "ROUTE!type:SELECTOR=TEXT" types into a field.
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { launchApp, makeSandbox, startDriver } from "./driver.mjs";

const [db, out, ...routes] = process.argv.slice(2);
if (!db || !out) throw new Error("usage: screens.mjs DB OUTDIR [ROUTE…]");
mkdirSync(out, { recursive: true });
const sandbox = makeSandbox();
copyFileSync(db, sandbox.db);
const driver = await startDriver(sandbox);
const browser = await launchApp(driver);
try {
  await browser.$('[data-testid="declare-button"]').waitForExist({ timeout: 20_000 });
  const first = await browser.execute(() => document.querySelector('[data-testid="incident-link"]')?.getAttribute("href") ?? "");
  let n = 0;
  for (const r of routes.length ? routes : ["#/incidents", "@incident"]) {
    const [route, action] = r.split("!");
    const hash = route.startsWith("@incident") ? first + route.slice("@incident".length) : route;
    await browser.execute((h) => (location.hash = h), hash);
    await sleep(1500);
    if (action?.startsWith("type:")) {
      // "type:SELECTOR=TEXT" types TEXT into a field, as a person would.
      const spec = action.slice(5);
      const [sel, text] = [spec.slice(0, spec.lastIndexOf("=")), spec.slice(spec.lastIndexOf("=") + 1)];
      await browser.$(sel).waitForEnabled({ timeout: 10_000 });
      await browser.$(sel).click();
      await browser.keys([...text]);
      await sleep(800);
    } else if (action?.startsWith("scroll:")) {
      // "scroll:SELECTOR" brings an element to the top of the content area.
      await browser.execute((sel) => document.querySelector(sel)?.scrollIntoView({ block: "start" }), action.slice(7));
      await sleep(600);
    } else if (action) {
      await browser.execute((sel) => document.querySelector(sel)?.click(), action);
      await sleep(1200);
    }
    const name = `${String(++n).padStart(2, "0")}-${hash.replace(/[^a-z0-9]+/gi, "-").slice(-40)}.png`;
    await browser.saveScreenshot(join(out, name));
    console.log(join(out, name));
  }
} finally {
  await browser.deleteSession().catch(() => {});
  await driver.stop();
}
