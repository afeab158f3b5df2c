// Recruiter routes of live-interview templates (what an interview is: name, duration, interviewers):
// create, list, read, edit. Mounted by live-routes.ts behind the recruiter check.
import { randomUUID } from 'node:crypto';
import type { Router } from 'express';
import { createLiveTemplateRequest, editLiveTemplateRequest, liveTemplateIdParams } from '@candor/contracts';
import { NotFoundError, recruiterOf, route, type ProjectionRunner } from '@candor/runtime';
import { readQuery, type LiveCommands } from './live-commands';
import type { LiveTemplatesQuery } from './read-models/live-templates/query';

export function addLiveTemplateRoutes(
  router: Router,
  live: LiveCommands,
  templates: LiveTemplatesQuery,
  templatesRunner: Pick<ProjectionRunner, 'waitFor'>,
): void {
  router.post(
    '/live-templates',
    route({ body: createLiveTemplateRequest }, async ({ body }, _req, res) => {
      const templateId = randomUUID();
      const { result } = await live.onTemplate(recruiterOf(res), templateId, (by) => ({
        type: 'CreateLiveTemplate',
        templateId,
        ...body,
        ...by,
      }));
      return { status: 201, body: result };
    }),
  );

  router.get(
    '/live-templates',
    route({ query: readQuery }, async ({ query }, _req, res) => {
      const done = await live.caughtUp(templatesRunner, query.waitFor);
      return { body: { templates: await templates.list(recruiterOf(res).org), caughtUp: done } };
    }),
  );

  router.get(
    '/live-templates/:templateId',
    route({ params: liveTemplateIdParams, query: readQuery }, async ({ params, query }, _req, res) => {
      const done = await live.caughtUp(templatesRunner, query.waitFor);
      const template = await templates.get(recruiterOf(res).org, params.templateId);
      if (!template) throw new NotFoundError('Live interview template not found.');
      return { body: { template, caughtUp: done } };
    }),
  );

  router.put(
    '/live-templates/:templateId',
    route({ params: liveTemplateIdParams, body: editLiveTemplateRequest }, async ({ params, body }, _req, res) => ({
      body: (
        await live.onTemplate(recruiterOf(res), params.templateId, (by) => ({
          type: 'EditLiveTemplate',
          templateId: params.templateId,
          ...body,
          ...by,
        }))
      ).result,
    })),
  );
}
