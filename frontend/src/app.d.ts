// See https://svelte.dev/docs/kit/types#app.d.ts
import type { RecruiterSession } from '#lib/server/session.ts';

declare global {
  namespace App {
    interface Locals {
      /** the signed-in recruiter, decoded from the session cookie by hooks.server.ts */
      session: RecruiterSession | null;
    }
    interface Error {
      message: string;
      /** what the reader can do about it, shown under the message (the candidate's link pages) */
      hint?: string;
      /** the candidate's ended live page: whether their interview was shared, and when it was viewed */
      shares?: { links: number; viewedAt: string[] };
    }
  }
}

export {};
