/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  // Relative base: Tauri serves the bundle from its own protocol, not from a web root.
  base: './',
  // Tauri expects a fixed port in dev and must see Rust errors, so keep the screen.
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // WebKitGTK 2.50 and WebView2 both handle modern syntax; no legacy transpiling.
    target: 'es2022',
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // A zone with DST, so time conversions are tested where they can go wrong.
    env: { TZ: 'Europe/Paris' },
  },
});
