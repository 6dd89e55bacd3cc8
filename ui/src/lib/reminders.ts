// OS notifications for notification deadlines: once when a deadline enters the reminder
// window (Settings › Reminders) and once when it passes. Only inside the desktop app; every
// plugin call is guarded, because a machine without a notification daemon (CI, a bare
// window manager) must never break the UI over a reminder.

import { api } from './api';
import { formatSpan, isSettled } from './notify';
import { parseRfc3339, formatUtc } from './time';
import type { Reminders, UpcomingDeadline } from './types';

export type ReminderStage = 'window' | 'overdue';

export type Reminder = {
  /** Deduplication key: one notification per incident, rule and stage. */
  key: string;
  stage: ReminderStage;
  deadline: UpcomingDeadline;
  title: string;
  body: string;
};

export const reminderKey = (d: Pick<UpcomingDeadline, 'incident_id' | 'rule_id'>, stage: ReminderStage) =>
  `${d.incident_id}|${d.rule_id}|${stage}`;

/**
 * Pure: which deadlines need an OS notification now. A deadline inside the window gets the
 * "window" reminder; one already past gets only the "overdue" one (never both at once).
 * Settled or lapsed obligations and keys already sent are skipped.
 */
export function remindersDue(
  list: readonly UpcomingDeadline[],
  settings: Reminders,
  nowMs: number,
  alreadySent: ReadonlySet<string>,
): Reminder[] {
  if (!settings.os_notifications) return [];
  const windowMs = settings.hours_before * 3_600_000;
  const out: Reminder[] = [];
  for (const d of list) {
    if (isSettled(d.decision) || d.applicability === 'no_longer_applies') continue;
    const due = parseRfc3339(d.due_utc)?.ms;
    if (due === undefined) continue;
    const left = due - nowMs;
    const stage: ReminderStage | null = left <= 0 ? 'overdue' : left <= windowMs ? 'window' : null;
    if (!stage) continue;
    const key = reminderKey(d, stage);
    if (alreadySent.has(key)) continue;
    const what = `${d.regime} — ${d.title}`;
    out.push({
      key,
      stage,
      deadline: d,
      title: stage === 'overdue' ? `Overdue: ${what}` : `Due in ${formatSpan(left)}: ${what}`,
      body: `${d.incident_title}. ${d.recipient}; due ${formatUtc(d.due_utc)}.`,
    });
  }
  return out;
}

export const SENT_STORAGE_KEY = 'firebreak.reminders.sent.v1';
const MAX_KEYS = 1000;

type KeyStorage = Pick<Storage, 'getItem' | 'setItem'>;

function storage(): KeyStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function loadSentKeys(store: KeyStorage | null = storage()): string[] {
  try {
    const raw = store?.getItem(SENT_STORAGE_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? parsed.filter((k): k is string => typeof k === 'string') : [];
  } catch {
    return [];
  }
}

export function saveSentKeys(keys: string[], store: KeyStorage | null = storage()): void {
  try {
    store?.setItem(SENT_STORAGE_KEY, JSON.stringify(keys.slice(-MAX_KEYS)));
  } catch {
    // Full or disabled storage: at worst a reminder is shown again.
  }
}

function inTauri(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

// Asked once per session: a refusal is respected until the app restarts.
let permission: boolean | null = null;

async function permitted(): Promise<boolean> {
  if (permission !== null) return permission;
  try {
    const plugin = await import('@tauri-apps/plugin-notification');
    let granted = await plugin.isPermissionGranted();
    if (!granted) granted = (await plugin.requestPermission()) === 'granted';
    permission = granted;
  } catch {
    permission = false;
  }
  return permission;
}

async function checkOnce(nowMs: number): Promise<void> {
  const settings = await api.remindersGet();
  if (!settings.os_notifications) return;
  const list = await api.notifyUpcoming(200);
  const sent = loadSentKeys();
  const due = remindersDue(list, settings, nowMs, new Set(sent));
  if (due.length === 0 || !(await permitted())) return;
  const plugin = await import('@tauri-apps/plugin-notification');
  for (const r of due) {
    try {
      plugin.sendNotification({ title: r.title, body: r.body });
      sent.push(r.key);
    } catch {
      // No notification service: try again on the next tick, silently.
    }
  }
  saveSentKeys(sent);
}

/** Checks every minute inside the desktop app; a no-op in a browser. Returns the stop. */
export function startReminders(intervalMs = 60_000): () => void {
  if (!inTauri()) return () => {};
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      await checkOnce(Date.now());
    } catch {
      // Reminders must never break the UI.
    } finally {
      busy = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), intervalMs);
  return () => clearInterval(timer);
}
