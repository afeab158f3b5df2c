// See https://svelte.dev/docs/kit/types#app.d.ts
import type { RecruiterSession } from '#lib/server/session.ts';

declare global {
  namespace App {
    interface Locals {
      /** the signed-in recruiter, decoded from the session cookie by hooks.server.ts */
      session: RecruiterSession | null;
    }
  }
}

export {};
