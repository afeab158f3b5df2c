// The LLM analyser: asks a model behind an OpenAI-compatible Chat Completions API (OpenAI, Azure
// OpenAI, Ollama, vLLM, LiteLLM …) for the analysis as JSON, validates it, and keeps only points
// that quote the answers. Every failure becomes an Error whose message a recruiter can read and that
// never carries the API key.
import type { Analysis } from '@candor/contracts';
import { z } from 'zod';
import { identityOf, isAnswered, unansweredAssessment, type Analyser, type AnalysisInput } from './analyser';
import { keepGroundedPoints } from './grounding';
import { jsonOfMessage, modelReply, promptVersion, systemPrompt, userPrompt, type ModelReply } from './llm-prompt';

export interface LlmAnalyserOptions {
  /** e.g. https://api.openai.com/v1 ; the analyser posts to {baseUrl}/chat/completions */
  baseUrl: string;
  apiKey?: string;
  model: string;
  /** default 30 s */
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => Date;
}

const defaultTimeoutMs = 30_000;
/** How much of an error body goes into a message: enough to name the problem. */
const errorExcerptLength = 300;

const completion = z.object({
  choices: z
    .array(z.object({ message: z.object({ content: z.string().nullish() }), finish_reason: z.string().nullish() }))
    .min(1),
});

export function createLlmAnalyser(options: LlmAnalyserOptions): Analyser {
  const endpoint = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const service = `the LLM service at ${hostOf(options.baseUrl)}`;
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const send = options.fetch ?? fetch;
  const now = options.now ?? (() => new Date());

  async function post(
    input: AnalysisInput,
    signal: AbortSignal | undefined,
  ): Promise<{ status: number; body: string }> {
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      const response = await send(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
        },
        body: JSON.stringify({
          model: options.model,
          messages: [
            { role: 'system', content: systemPrompt },
            { role: 'user', content: userPrompt(input) },
          ],
          response_format: { type: 'json_object' },
          temperature: 0,
        }),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      return { status: response.status, body: await response.text() };
    } catch (error) {
      if (timeout.aborted) throw new Error(`${capitalised(service)} did not answer within ${seconds(timeoutMs)}.`);
      if (signal?.aborted) throw new Error('The analysis was cancelled.');
      throw new Error(`Could not reach ${service}: ${causeOf(error)}.`);
    }
  }

  function replyOf(status: number, body: string): ModelReply {
    if (status < 200 || status > 299) {
      throw new Error(`${capitalised(service)} answered HTTP ${status}: ${errorMessageOf(body)}`);
    }
    const parsed = completion.safeParse(parseJson(body));
    if (!parsed.success) throw new Error(`${capitalised(service)} sent a reply that is not a chat completion.`);
    const [choice] = parsed.data.choices;
    if (!choice?.message.content) {
      throw new Error(
        `The model sent no content${choice?.finish_reason ? ` (finish reason: ${choice.finish_reason})` : ''}.`,
      );
    }
    let content: unknown;
    try {
      content = jsonOfMessage(choice.message.content);
    } catch {
      const cutOff = choice.finish_reason === 'length' ? ' (it was cut off at the token limit)' : '';
      throw new Error(`The model's reply is not valid JSON${cutOff}.`);
    }
    const reply = modelReply.safeParse(content);
    if (!reply.success) {
      const problems = reply.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.') || '(reply)'}: ${issue.message}`);
      throw new Error(`The model's reply does not have the expected shape (${problems.join('; ')}).`);
    }
    return reply.data;
  }

  const analyser: Analyser = {
    kind: 'llm',
    name: `LLM ${options.model}`,
    version: promptVersion,
    async analyse(input, { signal } = {}) {
      if (!input.questions.some((question) => isAnswered(question.answer))) {
        return nothingToAssess(input, identityOf(analyser), now());
      }
      try {
        const { status, body } = await post(input, signal);
        return completed(
          keepGroundedPoints(
            { ...replyOf(status, body), analyser: identityOf(analyser), producedAt: now().toISOString() },
            input,
          ),
          input,
        );
      } catch (error) {
        throw new Error(redacted((error as Error).message, options.apiKey));
      }
    },
  };
  return analyser;
}

// One entry per question, in the interview's order. Unanswered questions get the same fixed
// assessment as from the built-in analyser; an answer the model skipped makes the analysis fail,
// because a missing score would otherwise pass for an assessed answer.
function completed(analysis: Analysis, input: AnalysisInput): Analysis {
  const byQuestion = new Map(analysis.answers.map((entry) => [entry.questionId, entry]));
  const skipped = input.questions.filter((question) => isAnswered(question.answer) && !byQuestion.has(question.id));
  if (skipped.length > 0) {
    throw new Error(
      `The model did not assess every answer (missing: ${skipped.map((question) => question.id).join(', ')}).`,
    );
  }
  return {
    ...analysis,
    answers: input.questions.map((question) =>
      isAnswered(question.answer) ? byQuestion.get(question.id)! : { questionId: question.id, ...unansweredAssessment },
    ),
  };
}

// Nothing for a model to read: no call, no cost, and the same answer as the built-in analyser gives.
function nothingToAssess(input: AnalysisInput, identity: Analysis['analyser'], at: Date): Analysis {
  return {
    analyser: identity,
    answers: input.questions.map((question) => ({ questionId: question.id, ...unansweredAssessment })),
    summary: 'No question was answered.',
    strengths: [],
    concerns: [],
    suggestedScore: 1,
    producedAt: at.toISOString(),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// OpenAI-compatible services put the reason in { error: { message } }; others send text or HTML.
function errorMessageOf(body: string): string {
  const json = parseJson(body) as { error?: { message?: unknown } | string } | undefined;
  const message = typeof json?.error === 'string' ? json.error : json?.error?.message;
  const text = typeof message === 'string' ? message : body;
  const excerpt = text.replace(/\s+/g, ' ').trim().slice(0, errorExcerptLength);
  return excerpt === '' ? '(no details)' : excerpt;
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return (error as Error).message;
}

function redacted(message: string, apiKey: string | undefined): string {
  return apiKey ? message.replaceAll(apiKey, '[redacted]') : message;
}

// The host only: a base URL may carry credentials (https://user:secret@host) or secrets in its query.
function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return '(invalid base URL)';
  }
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

function capitalised(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
