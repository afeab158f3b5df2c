// The LLM analyser against a real HTTP server on 127.0.0.1 that speaks the Chat Completions API.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AnalysisInput } from './analyser';
import { analyserContract } from '../../test/analyser-contract';
import { interview } from '../../test/analysis-fixtures';
import { createLlmAnalyser } from './llm-analyser';

const apiKey = 'sk-test-0123456789-secret';
const model = 'test-model-1';

interface ChatRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: { model: string; messages: { role: string; content: string }[]; response_format: unknown };
}
type Reply = { status?: number; body: string; delayMs?: number };

/** A model that reads the interview from the user message and answers as the prompt asks. */
function scriptedModel(request: ChatRequest): Reply {
  const sent = JSON.parse(request.body.messages.find((message) => message.role === 'user')!.content) as {
    questions: { id: string; answer: string | null }[];
  };
  const answered = sent.questions.filter((question) => question.answer !== null && question.answer.trim() !== '');
  const content = {
    // In reverse and without the unanswered questions: the analyser puts them back in order.
    answers: answered.reverse().map((question) => ({ questionId: question.id, assessment: 'Addresses it.', score: 3 })),
    summary: 'A mixed interview.',
    strengths: answered.map((question) => ({
      point: 'Starts clearly',
      questionId: question.id,
      quote: question.answer!.split('\n')[0]!.trim(),
    })),
    // Whitespace collapsed across a line break, as models often copy text.
    concerns: answered
      .filter((question) => question.answer!.includes('\n'))
      .map((question) => ({
        point: 'Terse list',
        questionId: question.id,
        quote: question.answer!.replace(/\s+/g, ' '),
      })),
    suggestedScore: 3,
  };
  return completion(JSON.stringify(content));
}

function completion(content: string, finishReason = 'stop'): Reply {
  return {
    body: JSON.stringify({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      model,
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finishReason }],
    }),
  };
}

let server: Server;
let baseUrl: string;
const requests: ChatRequest[] = [];
let answer: (request: ChatRequest) => Reply = scriptedModel;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: ChatRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      };
      requests.push(request);
      const reply = answer(request);
      const send = () => res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' }).end(reply.body);
      if (reply.delayMs) setTimeout(send, reply.delayMs).unref();
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  requests.length = 0;
  answer = scriptedModel;
});

const analyser = (options: { timeoutMs?: number; apiKey?: string | null } = {}) =>
  createLlmAnalyser({
    baseUrl,
    model,
    apiKey: options.apiKey === null ? undefined : (options.apiKey ?? apiKey),
    timeoutMs: options.timeoutMs,
  });

analyserContract('LLM analyser', (now) => createLlmAnalyser({ baseUrl, model, apiKey, now }));

describe('LLM analyser', () => {
  it('names the model it uses', () => {
    expect(analyser()).toMatchObject({ kind: 'llm', name: `LLM ${model}` });
  });

  it('posts a JSON-mode chat completion with the model, the key and the answers', async () => {
    await analyser().analyse(interview);
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request).toMatchObject({ method: 'POST', url: '/v1/chat/completions' });
    expect(request!.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.body).toMatchObject({ model, response_format: { type: 'json_object' } });
    expect(request!.body.messages.map((message) => message.role)).toEqual(['system', 'user']);
    expect(request!.body.messages[0]!.content).toMatch(/copied character for character/);
    const sent = JSON.parse(request!.body.messages[1]!.content);
    expect(sent).toMatchObject({ jobTitle: interview.jobTitle, jobDescription: interview.jobDescription });
    expect(sent.questions.map((question: { answer: string | null }) => question.answer)).toEqual(
      interview.questions.map((question) => question.answer),
    );
  });

  it('sends no authorization header without a key', async () => {
    await analyser({ apiKey: null }).analyse(interview);
    expect(requests[0]!.headers.authorization).toBeUndefined();
  });

  it('drops a point whose quote the model invented and keeps the grounded ones', async () => {
    answer = () =>
      completion(
        JSON.stringify({
          answers: [{ questionId: 'q1', assessment: 'Concrete.', score: 5 }],
          summary: 'One answer.',
          strengths: [
            { point: 'Measured result', questionId: 'q1', quote: 'we cut p95 latency to 120 ms' },
            { point: 'Leadership', questionId: 'q1', quote: 'I managed a team of twelve engineers.' },
          ],
          concerns: [{ point: 'Quoted from another answer', questionId: 'q1', quote: 'Good pay.' }],
          suggestedScore: 4,
        }),
      );
    const input: AnalysisInput = { ...interview, questions: interview.questions.slice(0, 1) };
    const result = await analyser().analyse(input);
    expect(result.strengths).toEqual([
      { point: 'Measured result', questionId: 'q1', quote: 'we cut p95 latency to 120 ms' },
    ]);
    expect(result.concerns).toEqual([]);
  });

  it('gives an unanswered question the fixed assessment whatever the model says', async () => {
    answer = () =>
      completion(
        JSON.stringify({
          answers: interview.questions.map((question) => ({
            questionId: question.id,
            assessment: 'Fine.',
            score: '4',
          })),
          summary: 'Fine.',
          strengths: [],
          concerns: [],
          suggestedScore: 3.6,
        }),
      );
    const result = await analyser().analyse(interview);
    expect(result.answers.find((entry) => entry.questionId === 'q3')).toEqual({
      questionId: 'q3',
      assessment: 'No answer was given.',
      score: 1,
    });
    expect(result.answers[0]!.score).toBe(4);
    expect(result.suggestedScore).toBe(4);
  });

  it('accepts the JSON inside a Markdown code fence', async () => {
    answer = (request) => completion('```json\n' + contentOf(scriptedModel(request)) + '\n```');
    await expect(analyser().analyse(interview)).resolves.toMatchObject({ summary: 'A mixed interview.' });
  });

  it('does not ask the model when no question was answered', async () => {
    const result = await analyser().analyse({
      ...interview,
      questions: interview.questions.map((question) => ({ ...question, answer: null })),
    });
    expect(requests).toEqual([]);
    expect(result).toMatchObject({ summary: expect.stringMatching(/no question was answered/i), suggestedScore: 1 });
  });

  describe('fails with a clear message that never carries the key', () => {
    const failure = async (options: { timeoutMs?: number } = {}) => {
      const error: unknown = await analyser(options)
        .analyse(interview)
        .then(
          () => null,
          (reason: unknown) => reason,
        );
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).not.toContain(apiKey);
      return (error as Error).message;
    };

    it('on an HTTP error, with the reason the service gave', async () => {
      answer = () => ({
        status: 500,
        body: JSON.stringify({ error: { message: `Internal error for key ${apiKey}` } }),
      });
      expect(await failure()).toMatch(
        /^The LLM service at 127\.0\.0\.1:\d+ answered HTTP 500: Internal error for key \[redacted\]$/,
      );
    });

    it('on a reply that is not a chat completion', async () => {
      answer = () => ({ body: '<html>gateway says hi</html>' });
      expect(await failure()).toMatch(/sent a reply that is not a chat completion/);
    });

    it('on a message that is not JSON', async () => {
      answer = () => completion('Here is my analysis: the candidate is great!');
      expect(await failure()).toMatch(/The model's reply is not valid JSON\.$/);
      answer = () => completion('{"answers": [', 'length');
      expect(await failure()).toMatch(/not valid JSON \(it was cut off at the token limit\)/);
    });

    it('on JSON of the wrong shape, naming what is wrong', async () => {
      answer = () =>
        completion(JSON.stringify({ answers: [], summary: 'x', strengths: [], concerns: [], suggestedScore: 9 }));
      expect(await failure()).toMatch(/does not have the expected shape \(suggestedScore: /);
    });

    it('when the model skipped an answer', async () => {
      answer = () =>
        completion(JSON.stringify({ answers: [], summary: 'x', strengths: [], concerns: [], suggestedScore: 3 }));
      expect(await failure()).toMatch(/did not assess every answer \(missing: q1, q2, q4, q5\)/);
    });

    it('when the service is too slow', async () => {
      answer = (request) => ({ ...scriptedModel(request), delayMs: 2_000 });
      const started = Date.now();
      expect(await failure({ timeoutMs: 200 })).toMatch(
        /^The LLM service at 127\.0\.0\.1:\d+ did not answer within 0\.2 s\.$/,
      );
      expect(Date.now() - started).toBeLessThan(1_500);
    });

    it('when nothing listens at the base URL', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));
      const error = await createLlmAnalyser({ baseUrl: `http://127.0.0.1:${port}/v1`, model, apiKey })
        .analyse(interview)
        .catch((reason: Error) => reason);
      expect((error as Error).message).toBe(`Could not reach the LLM service at 127.0.0.1:${port}: ECONNREFUSED.`);
    });
  });
});

function contentOf(reply: Reply): string {
  return JSON.parse(reply.body).choices[0].message.content;
}
