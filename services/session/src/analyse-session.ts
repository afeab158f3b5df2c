// Analysis of a completed session when the recruiter opens it: answers the cached analysis (the last
// AnalysisProduced in the write model) unless a re-run is asked for; otherwise runs the analyser
// with a time limit and records what it produced. A failing analyser is an answer, not an error:
// the page shows the answers and the message, and nothing is written.
//
// Two opens of the same session at once share one run (single flight, per process): the second
// waits for the first's result instead of paying for a second analysis. Replicas each run their own.
import { analysis as analysisSchema, type AnalysisResponse } from '@candor/contracts';
import { handleCommand, type EventStore, type Logger } from '@candor/runtime';
import type { Analyser } from './analysis';
import { analysableSession, loadSession, sessionDecider, sessionStream, type ExistingSession } from './session';

export interface SessionAnalysisDeps {
  store: EventStore;
  analyser: Analyser;
  logger: Logger;
  now: () => Date;
  /** how long an analyser may take before the recruiter is told to try again */
  timeoutMs: number;
}

export interface AnalysisRequest {
  organisationId: string;
  recruiterId: string;
  sessionId: string;
  rerun: boolean;
}

class AnalysisTimeout extends Error {
  constructor(ms: number) {
    super(`the analyser did not answer within ${ms} ms`);
    this.name = 'AnalysisTimeout';
  }
}

export function sessionAnalysis(deps: SessionAnalysisDeps) {
  const { store, analyser, now, timeoutMs } = deps;
  const logger = deps.logger.child({ analyser: analyser.name });
  const inFlight = new Map<string, Promise<AnalysisResponse>>();

  async function withTimeLimit(session: ExistingSession) {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new AnalysisTimeout(timeoutMs));
      }, timeoutMs);
    });
    const input = {
      jobTitle: session.jobTitle,
      jobDescription: session.jobDescription,
      questions: session.questions.map(({ id, text, answer }) => ({ id, text, answer })),
    };
    try {
      // an analyser that ignores the signal still loses the race
      return await Promise.race([analyser.analyse(input, { signal: controller.signal }), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async function run(request: AnalysisRequest): Promise<AnalysisResponse> {
    const session = analysableSession(await loadSession(store, request.sessionId), request.organisationId);
    if (session.analysis && !request.rerun) return { ok: true, analysis: session.analysis, cached: true };

    let produced;
    try {
      // the analyser's output is input like any other: it must match the contract before it is recorded
      produced = analysisSchema.parse(await withTimeLimit(session));
    } catch (error) {
      logger.warn({ err: error, sessionId: session.id }, 'analysis failed');
      const message =
        error instanceof AnalysisTimeout
          ? 'The analysis took too long. The answers are below; try again in a moment.'
          : 'The analysis could not be produced right now. The answers are below; try again in a moment.';
      return { ok: false, message };
    }
    const at = now().toISOString();
    await handleCommand(
      store,
      sessionStream(session.id),
      sessionDecider,
      { type: 'RecordAnalysis', sessionId: session.id, organisationId: request.organisationId, analysis: produced, at },
      { occurredAt: at, actorId: request.recruiterId, organisationId: request.organisationId },
    );
    return { ok: true, analysis: produced, cached: false };
  }

  return {
    analyse(request: AnalysisRequest): Promise<AnalysisResponse> {
      // keyed by organisation too, so a caller of another organisation never joins someone's run
      const key = `${request.organisationId}:${request.sessionId}:${request.rerun}`;
      const running = inFlight.get(key);
      if (running) return running;
      const started = run(request).finally(() => inFlight.delete(key));
      inFlight.set(key, started);
      return started;
    },
  };
}
export type SessionAnalysis = ReturnType<typeof sessionAnalysis>;
