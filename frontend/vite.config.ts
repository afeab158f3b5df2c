// SvelteKit 3 takes its configuration here (svelte.config.js is no longer read).
import { defineConfig } from 'vite';
import { sveltekit } from '@sveltejs/kit/vite';
import adapter from '@sveltejs/adapter-node';

export default defineConfig({
  plugins: [
    sveltekit({
      // build/handler.js is mounted by the one-process server; build/index.js runs standalone
      adapter: adapter({ out: 'build' }),
    }),
  ],
  // contracts is a workspace package shipped as TypeScript source: bundle it (and zod with it)
  ssr: { noExternal: ['@candor/contracts'] },
});
