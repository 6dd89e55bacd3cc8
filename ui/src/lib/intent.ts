// What to do once a page is open, for the palette's actions that land on a page and then
// act there ("Export timeline", "Verify chain", a checklist step, "Start playbook…"). The
// page that can carry one out takes it when it mounts, or at once when it is already open.
// An intent nobody takes within a few seconds (the navigation was refused) is dropped, so
// it can never fire later by surprise.

export type Intent =
  | { kind: 'timeline-export'; incidentId: string }
  | { kind: 'timeline-verify'; incidentId: string }
  | { kind: 'start-playbook'; incidentId: string }
  | { kind: 'step'; incidentId: string; playbookId: string; stepId: string };

/** Returns true when it carried the intent out. */
export type IntentHandler = (intent: Intent) => boolean;

export const INTENT_TTL_MS = 5000;

let pending: { intent: Intent; at: number } | null = null;
const handlers = new Set<IntentHandler>();

export function requestIntent(intent: Intent, now = Date.now()): void {
  for (const h of handlers) if (h(intent)) return void (pending = null);
  pending = { intent, at: now };
}

/** A page says what it can do; a pending intent it can do is done now. Returns an unregister. */
export function handleIntents(handler: IntentHandler, now = Date.now()): () => void {
  if (pending && now - pending.at <= INTENT_TTL_MS && handler(pending.intent)) pending = null;
  handlers.add(handler);
  return () => handlers.delete(handler);
}
