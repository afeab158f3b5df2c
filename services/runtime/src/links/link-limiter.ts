// The link limits (link-rate-limits.ts) as one middleware: the three counters — per client address,
// refused requests per address, per link — taken in one pass, in that order, stopping at the first
// that is over its limit (so a request refused by the address limit does not spend the link's
// budget). The refusal counter is taken back when the answer turns out not to be a refusal, as
// express-rate-limit's `skipSuccessfulRequests` did.
//
// Why not three express-rate-limit middlewares, as before: each one awaited its store, ran its
// validations and wrote two headers on every request, and a candidate page view is one such request
// (docs/benchmarks.md, "Candidate link open"). Counting in memory here is synchronous: no promise,
// no await, a Map lookup per counter. With a store (the service's database, sql-rate-limit-store.ts,
// so replicas count together) the same keys go to the same rows as before: `ipKeyGenerator` is
// express-rate-limit's own address key (an IPv6 address counts by its /56), and the per-link key is
// the SHA-256 of the exact token. A 429 carries Retry-After; the RateLimit draft headers are no
// longer sent (nothing read them, and they told a guesser its remaining budget).
import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, type Options, type Store } from 'express-rate-limit';
import { sendProblem } from '../http/problem';

interface Hit {
  count: number;
  /** epoch ms when the key's window ends */
  resetAt: number;
}

/** One limit's counters: a fixed window per key that starts at the key's first hit. */
interface Counter {
  hit(key: string): Hit | Promise<Hit>;
  undo(key: string): void;
}

export interface LinkLimit {
  windowMs: number;
  limit: number;
  /** where this limit counts (a database shared by replicas); memory when absent */
  store?: Store;
}

/** Counters in this process's memory; expired keys are swept at most once per window. */
export function memoryCounter(windowMs: number, now: () => number = Date.now): Counter {
  const hits = new Map<string, Hit>();
  let nextSweep = now() + windowMs;
  return {
    hit(key) {
      const at = now();
      if (at >= nextSweep) {
        for (const [stale, hit] of hits) if (hit.resetAt <= at) hits.delete(stale);
        nextSweep = at + windowMs;
      }
      let hit = hits.get(key);
      if (!hit || hit.resetAt <= at) {
        hit = { count: 0, resetAt: at + windowMs };
        hits.set(key, hit);
      }
      hit.count++;
      return hit;
    },
    undo(key) {
      const hit = hits.get(key);
      if (hit && hit.count > 0) hit.count--;
    },
  };
}

/** Counters in an express-rate-limit store (the service's database). */
function storeCounter(store: Store, windowMs: number): Counter {
  void store.init?.({ windowMs } as Options);
  return {
    async hit(key) {
      const { totalHits, resetTime } = await store.increment(key);
      return { count: totalHits, resetAt: resetTime?.getTime() ?? Date.now() + windowMs };
    },
    undo(key) {
      void Promise.resolve(store.decrement(key)).catch(() => undefined);
    },
  };
}

const counterOf = ({ windowMs, store }: LinkLimit): Counter =>
  store ? storeCounter(store, windowMs) : memoryCounter(windowMs);

export interface LinkLimiterSettings {
  tokenOf(req: Request): string | undefined;
  isRefusal(status: number): boolean;
  /** the 429's detail */
  detail: string;
}

export function linkLimiter(
  limits: { opens: LinkLimit; refusals: LinkLimit; perLink: LinkLimit },
  settings: LinkLimiterSettings,
): RequestHandler {
  const counters = {
    opens: counterOf(limits.opens),
    refusals: counterOf(limits.refusals),
    perLink: counterOf(limits.perLink),
  };

  const refuse = (res: Response, hit: Hit) => {
    res.setHeader('Retry-After', String(Math.max(1, Math.ceil((hit.resetAt - Date.now()) / 1000))));
    sendProblem(res, 429, 'Too many requests', settings.detail);
  };

  return (req, res, next) => {
    const address = ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? '', 56);
    const token = settings.tokenOf(req);
    const steps: { counter: Counter; limit: number; key: string; refusalsOnly?: true }[] = [
      { counter: counters.opens, limit: limits.opens.limit, key: address },
      { counter: counters.refusals, limit: limits.refusals.limit, key: address, refusalsOnly: true },
    ];
    // a guesser cannot make a real link's key: the key is the hash of the exact token
    if (token !== undefined)
      steps.push({
        counter: counters.perLink,
        limit: limits.perLink.limit,
        key: createHash('sha256').update(token).digest('base64url'),
      });

    const counted = (index: number, hit: Hit): void => {
      const step = steps[index]!;
      if (step.refusalsOnly) {
        // counted as a refusal until the answer says otherwise (a refusal of this very request too)
        res.once('finish', () => {
          if (!settings.isRefusal(res.statusCode) && Date.now() < hit.resetAt) step.counter.undo(step.key);
        });
      }
      if (hit.count > step.limit) return refuse(res, hit);
      take(index + 1);
    };
    const take = (index: number): void => {
      const step = steps[index];
      if (!step) return next();
      let hit: Hit | Promise<Hit>;
      try {
        hit = step.counter.hit(step.key);
      } catch (error) {
        return next(error);
      }
      if (hit instanceof Promise) hit.then((done) => counted(index, done), next);
      else counted(index, hit);
    };
    take(0);
  };
}
