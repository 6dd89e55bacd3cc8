// Starts tauri-driver (which starts WebKitWebDriver, which launches the real Firebreak
// binary) and opens WebDriver sessions on it. Everything the app or WebKit writes goes to a
// temp directory, never the real app-data or cache folders.
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, readdirSync, readlinkSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before } from "node:test";
import { remote } from "webdriverio";

export const APP = process.env.FIREBREAK_APP;

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function makeSandbox() {
  const dir = mkdtempSync(join(tmpdir(), "firebreak-e2e-"));
  for (const sub of ["data", "cache", "config"]) mkdirSync(join(dir, sub));
  return { dir, db: join(dir, "firebreak.db") };
}

export async function startDriver(sandbox) {
  if (!APP) throw new Error("set FIREBREAK_APP to the firebreak-desktop binary");
  const port = await freePort();
  const nativePort = await freePort();
  const env = {
    ...process.env,
    FIREBREAK_DB: sandbox.db,
    FIREBREAK_ACTOR: "e2e-responder",
    XDG_DATA_HOME: join(sandbox.dir, "data"),
    XDG_CACHE_HOME: join(sandbox.dir, "cache"),
    XDG_CONFIG_HOME: join(sandbox.dir, "config"),
    WEBKIT_DISABLE_COMPOSITING_MODE: "1",
    WEBKIT_DISABLE_DMABUF_RENDERER: "1",
  };
  const proc = spawn("tauri-driver", ["--port", String(port), "--native-port", String(nativePort)], {
    env,
    stdio: ["ignore", "inherit", "inherit"],
  });
  // tauri-driver accepts connections before WebKitWebDriver listens: wait for a real status.
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/status`);
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error("tauri-driver did not become ready in 30 s");
    await sleep(200);
  }
  return {
    port,
    // SIGTERM lets tauri-driver stop WebKitWebDriver; SIGKILL would orphan it.
    stop: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once("exit", resolve);
        proc.kill("SIGTERM");
      }),
  };
}

export async function launchApp(driver) {
  return remote({
    hostname: "127.0.0.1",
    port: driver.port,
    logLevel: "error",
    connectionRetryCount: 0,
    capabilities: {
      browserName: "wry",
      "wdio:enforceWebDriverClassic": true,
      "tauri:options": { application: APP },
    },
  });
}

/** True while any process holds `file` (or its -wal/-shm/-journal) open, read from /proc. */
function heldOpen(file) {
  const names = new Set([file, `${file}-wal`, `${file}-shm`, `${file}-journal`]);
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    let fds;
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or not ours to read
    }
    for (const fd of fds) {
      try {
        if (names.has(readlinkSync(`/proc/${pid}/fd/${fd}`))) return true;
      } catch {
        // closed while we looked
      }
    }
  }
  return false;
}

/**
 * Ending a WebDriver session does not wait for the app process to exit, and a database
 * still open in WAL mode cannot be switched out of it (SQLite answers "locked" at once,
 * without a busy wait). Waits until no process holds the database open.
 */
export async function waitForRelease(file, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (heldOpen(file)) {
    if (Date.now() > deadline) throw new Error(`${file} still open after ${timeoutMs} ms`);
    await sleep(100);
  }
}

export const byTestId = (id) => `[data-testid="${id}"]`;

/** Runs `fn`; if it throws, saves a screenshot to tests/e2e/artifacts/NAME.png first. */
export async function screenshotOnFailure(browser, name, fn) {
  try {
    await fn();
  } catch (e) {
    mkdirSync("tests/e2e/artifacts", { recursive: true });
    await browser.saveScreenshot(`tests/e2e/artifacts/${name}.png`).catch(() => {});
    throw e;
  }
}

/**
 * One app for a whole test file: a sandbox, tauri-driver and the app, started before the
 * first test and torn down after the last. `browser` is set once the app is up.
 */
export function useApp() {
  const app = { sandbox: makeSandbox(), driver: undefined, browser: undefined };
  let started;
  // Resolves to the browser; a test file's own hooks await it rather than rely on hook order.
  app.ready = new Promise((resolve, reject) => {
    started = { resolve, reject };
  });
  app.ready.catch(() => {});
  before(async () => {
    try {
      app.driver = await startDriver(app.sandbox);
      app.browser = await launchApp(app.driver);
      started.resolve(app.browser);
    } catch (e) {
      started.reject(e);
      throw e;
    }
  });
  after(async () => {
    await app.browser?.deleteSession().catch(() => {});
    await app.driver?.stop();
  });
  app.screenshotOnFailure = (name, fn) => screenshotOnFailure(app.browser, name, fn);
  return app;
}
