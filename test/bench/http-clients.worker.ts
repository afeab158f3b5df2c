// The pipeline bench's HTTP clients, in a worker thread so that they do not share the service's
// event loop. Each client sends `POST /api/invite/jobs`, reports the answer to the main thread, and
// sends its next command only once the main thread says the previous one is visible in the read
// model (a closed loop over the whole pipeline, as a dashboard user does: create, then see it).
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { wallMs } from './stats';

export interface ClientsSetup {
  url: string;
  token: string;
  concurrency: number;
  /** wall-clock ms after which no client starts another command */
  until: number;
  body: string;
}

/** worker → main: one command answered */
export interface CommandSent {
  type: 'sent';
  id: number;
  t0: number;
  tHttp: number;
  status: number;
  jobId?: string;
  streamId?: string;
  position?: number;
}
/** main → worker: that command is visible (or failed); the client may go on */
export interface CommandSettled {
  type: 'settled';
  id: number;
}

const setup = workerData as ClientsSetup;
const agent = new Agent({ keepAlive: true, maxSockets: setup.concurrency });
const target = new URL('/api/invite/jobs', setup.url);
const settled = new Map<number, () => void>();
parentPort!.on('message', (message: CommandSettled) => settled.get(message.id)?.());

function post(): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(setup.body),
          authorization: `Bearer ${setup.token}`,
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(setup.body);
  });
}

let nextId = 0;
async function client(): Promise<void> {
  while (wallMs() < setup.until) {
    const id = nextId++;
    const t0 = wallMs();
    let sent: CommandSent;
    try {
      const { status, body } = await post();
      const tHttp = wallMs();
      const result =
        status === 201 ? (JSON.parse(body) as { id: string; streamId: string; position: number }) : undefined;
      sent = {
        type: 'sent',
        id,
        t0,
        tHttp,
        status,
        jobId: result?.id,
        streamId: result?.streamId,
        position: result?.position,
      };
    } catch {
      sent = { type: 'sent', id, t0, tHttp: wallMs(), status: 0 };
    }
    const visible = new Promise<void>((resolve) => settled.set(id, resolve));
    parentPort!.postMessage(sent);
    await visible;
    settled.delete(id);
  }
}

void Promise.all(Array.from({ length: setup.concurrency }, client)).then(() => {
  agent.destroy();
  parentPort!.postMessage({ type: 'done' });
});
