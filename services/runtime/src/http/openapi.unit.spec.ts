import { Router } from 'express';
import { z } from 'zod';
import { documentedOperations, openApiDocument, recruiterGuardKey } from './openapi';
import { route } from './validate';

const guard = Object.assign((_req: unknown, _res: unknown, next: () => void) => next(), { [recruiterGuardKey]: true });

function exampleRouter() {
  const open = Router();
  open.post(
    '/open',
    route({ body: z.strictObject({ token: z.string().min(1).max(200) }) }, async () => ({})),
  );
  const recruiter = Router();
  recruiter.use(guard);
  recruiter.put(
    '/jobs/:jobId',
    route(
      { params: z.object({ jobId: z.uuid() }), body: z.strictObject({ title: z.string().max(10) }) },
      async () => ({}),
    ),
  );
  recruiter.get('/files/:fileId', (_req, res) => {
    res.end();
  });
  const router = Router();
  router.use('/links', open);
  router.use(recruiter);
  return router;
}

describe('the OpenAPI document of mounted routes', () => {
  it('lists every mounted operation with its path, nested routers and guards included', () => {
    const ops = documentedOperations([{ name: 'x', mountPath: '/api/x', router: exampleRouter() }]);
    expect(ops.map((op) => [op.method, op.path, op.recruiter])).toEqual([
      ['post', '/api/x/links/open', false],
      ['put', '/api/x/jobs/{jobId}', true],
      ['get', '/api/x/files/{fileId}', true],
    ]);
  });

  it('renders the zod schemas route() validates with as parameters and a JSON body', () => {
    const doc = openApiDocument([{ name: 'x', mountPath: '/api/x', router: exampleRouter() }], {
      title: 't',
      version: '1',
    });
    const put = doc.paths?.['/api/x/jobs/{jobId}']?.put as Record<string, any>;
    expect(put.security).toEqual([{ recruiterSession: [] }]);
    expect(put.parameters).toEqual([
      expect.objectContaining({
        in: 'path',
        name: 'jobId',
        required: true,
        schema: expect.objectContaining({ format: 'uuid' }),
      }),
    ]);
    expect(put.requestBody.content['application/json'].schema).toMatchObject({
      type: 'object',
      properties: { title: { type: 'string', maxLength: 10 } },
      required: ['title'],
      additionalProperties: false,
    });
    // a route without route(): its path parameter is still there, as a string
    const file = doc.paths?.['/api/x/files/{fileId}']?.get as Record<string, any>;
    expect(file.parameters).toEqual([
      expect.objectContaining({ in: 'path', name: 'fileId', schema: { type: 'string' } }),
    ]);
    expect((doc.paths?.['/api/x/links/open']?.post as Record<string, any>).security).toBeUndefined();
  });
});
