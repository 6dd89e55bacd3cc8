import { afterEach, expect, it } from 'vitest';
import { handleIntents, INTENT_TTL_MS, requestIntent, type Intent } from './intent';

const exportIt: Intent = { kind: 'timeline-export', incidentId: 'inc-1' };
const stops: (() => void)[] = [];
afterEach(() => stops.splice(0).forEach((s) => s()));

it('hands a pending intent to the page that mounts and can do it, once', () => {
  requestIntent(exportIt, 1000);
  const seen: Intent[] = [];
  const other = handleIntents(() => false, 1100);
  stops.push(other);
  stops.push(handleIntents((i) => (seen.push(i), true), 1200));
  stops.push(handleIntents((i) => (seen.push(i), true), 1300));
  expect(seen).toEqual([exportIt]);
});

it('goes straight to a page already open', () => {
  const seen: Intent[] = [];
  stops.push(handleIntents((i) => (seen.push(i), i.kind === 'timeline-export'), 0));
  requestIntent(exportIt, 10);
  expect(seen).toEqual([exportIt]);
});

it('drops an intent nobody took in time', () => {
  requestIntent(exportIt, 0);
  const seen: Intent[] = [];
  stops.push(handleIntents((i) => (seen.push(i), true), INTENT_TTL_MS + 1));
  expect(seen).toEqual([]);
});
