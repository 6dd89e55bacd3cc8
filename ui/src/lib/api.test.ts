import { afterEach, expect, it, vi } from 'vitest';

// The real bindings import @tauri-apps/api, which needs a webview; tests swap the source.
vi.mock('./bindings', () => ({ commands: {} }));

const { api, useCommands } = await import('./api');
const { ApiError } = await import('./errors');
type Commands = Parameters<typeof useCommands>[0];

afterEach(() => useCommands({} as Commands));

it('returns data on ok', async () => {
  useCommands({ catalog: async () => ({ status: 'ok', data: { incident_types: [] } }) } as unknown as Commands);
  await expect(api.catalog()).resolves.toEqual({ incident_types: [] });
});

it('throws a typed error on an error result', async () => {
  useCommands({
    getIncident: async () => ({ status: 'error', error: { code: 'not_found', message: 'No such incident', field: null } }),
  } as unknown as Commands);
  const err = await api.getIncident('x').catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ApiError);
  expect((err as InstanceType<typeof ApiError>).code).toBe('not_found');
});

it('turns a thrown Error (Tauri or JS failure) into an internal ApiError', async () => {
  useCommands({
    appInfo: async () => {
      throw new Error('IPC unavailable');
    },
  } as unknown as Commands);
  const err = await api.appInfo().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ApiError);
  expect((err as InstanceType<typeof ApiError>).code).toBe('internal');
  expect((err as Error).message).toBe('IPC unavailable');
});

it('passes arguments through unchanged', async () => {
  const close = vi.fn(async () => ({ status: 'ok' as const, data: { id: 'x' } }));
  useCommands({ closeIncident: close } as unknown as Commands);
  await api.closeIncident('x', 7);
  expect(close).toHaveBeenCalledWith('x', 7);
});

it('gives long commands a progress channel and forwards its messages', async () => {
  type Progress = { done: number; total: number };
  const made: { onmessage: (p: Progress) => void }[] = [];
  const factory = (<T>(onmessage: (m: T) => void) => {
    const ch = { onmessage } as unknown as { onmessage: (p: Progress) => void };
    made.push(ch);
    return ch;
  }) as unknown as Parameters<typeof useCommands>[1];
  const exportFn = vi.fn(async (_i: string, _f: string, path: string, _o: unknown, ch: { onmessage: (p: Progress) => void }) => {
    ch.onmessage({ done: 5, total: 10 });
    return { status: 'ok' as const, data: { path, entries: 10 } };
  });
  useCommands({ timelineExport: exportFn } as unknown as Commands, factory);
  const seen: Progress[] = [];
  const out = await api.timelineExport('inc', 'html', '/tmp/x.html', { time_zone: null, include_history: false }, (p) => seen.push(p));
  expect(out).toEqual({ path: '/tmp/x.html', entries: 10 });
  expect(seen).toEqual([{ done: 5, total: 10 }]);
  expect(exportFn.mock.calls[0][4]).toBe(made[0]);
});

it('stops the timeline transfers and says how many', async () => {
  useCommands({ timelineCancelTransfers: async () => ({ status: 'ok', data: 2 }) } as unknown as Commands);
  await expect(api.timelineCancelTransfers()).resolves.toBe(2);
});

it('reports a stopped job as cancelled, not as a bug', async () => {
  const noChannel = (() => ({})) as unknown as Parameters<typeof useCommands>[1];
  useCommands(
    { timelineImport: async () => ({ status: 'error', error: { code: 'cancelled', message: 'the import was stopped; nothing was imported', field: null } }) } as unknown as Commands,
    noChannel,
  );
  const err = await api.timelineImport('inc', '/a.csv', 'timesketch_csv', null, false, () => {}).catch((e: unknown) => e);
  expect((err as InstanceType<typeof ApiError>).code).toBe('cancelled');
});
