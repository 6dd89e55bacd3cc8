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
