// SvelteKit 3 takes its configuration here (svelte.config.js is no longer read).
import { defineConfig } from 'vite';
import { sveltekit } from '@sveltejs/kit/vite';
import adapter from '@sveltejs/adapter-node';

export default defineConfig({
  plugins: [
    sveltekit({
      // build/server is initialised by the one-process server (services/embedded); build/handler.js
      // (serve.js) and build/index.js run it standalone
      adapter: adapter({ out: 'build' }),
      // Candidate link pages send `Referrer-Policy: no-referrer`, so a browser posts their forms with
      // `Origin: null`. SvelteKit lets `null` through here and hooks.server.ts refuses it everywhere
      // but on those pages; every other foreign origin is still refused by SvelteKit itself.
      csrf: { trustedOrigins: ['null'] },
      // The pages' own Content-Security-Policy. It replaces the API's generic one (same header), and
      // lets SvelteKit hash/nonce its inline start-up script. No upgrade-insecure-requests: the
      // embedded mode serves plain http on 127.0.0.1.
      csp: {
        mode: 'auto',
        directives: {
          'default-src': ['self'],
          'script-src': ['self'],
          'style-src': ['self', 'unsafe-inline'],
          'img-src': ['self', 'data:'],
          'font-src': ['self'],
          'connect-src': ['self'],
          'form-action': ['self'],
          'frame-ancestors': ['none'],
          'base-uri': ['self'],
          'object-src': ['none'],
        },
      },
    }),
  ],
  // contracts is a workspace package shipped as TypeScript source: bundle it (and zod with it)
  ssr: { noExternal: ['@candor/contracts'] },
  // no "[PLUGIN_TIMINGS] … profile the build with node --cpu-prof" advice: `npm start` builds on
  // first start, on busy or small machines too, and a newcomer can do nothing with it
  build: { rolldownOptions: { checks: { bundlerTimings: false } } },
});
