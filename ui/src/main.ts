import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { useCommands } from './lib/api';

// Outside Tauri (a browser on `vite dev`) there is no backend: use the mock. The
// condition is static in a production build, so the mock is not even bundled there.
const mockAllowed = import.meta.env.DEV || import.meta.env.VITE_FIREBREAK_MOCK === '1';
if (mockAllowed && !('__TAURI_INTERNALS__' in window)) {
  const { mockChannel, mockCommands } = await import('./lib/mock');
  useCommands(mockCommands, mockChannel);
}

const target = document.getElementById('app');
if (!target) throw new Error('Firebreak: #app element missing from index.html');

export default mount(App, { target });
