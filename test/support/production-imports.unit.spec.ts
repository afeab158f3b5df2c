import {
  REPO_ROOT,
  checkProductionImports,
  checkRepository,
  readPackageMap,
  type SourceText,
} from './production-imports';

const packages = readPackageMap(REPO_ROOT);
const check = (...files: SourceText[]) => checkProductionImports(files, packages);
const file = (path: string, ...lines: string[]): SourceText => ({ path, text: lines.join('\n') });

describe('production code and test support', () => {
  it('no production file of this repository imports test support or is test support', () => {
    const { files, findings } = checkRepository();
    expect(findings).toEqual([]);
    // every service's production code was read, not an empty tree
    expect(files).toBeGreaterThan(200);
  });

  it.each([
    ['a relative import of a test folder', `import { createMemoryEventStore } from '../../test/memory-event-store';`],
    ['a type import through the package name', `import type { MediaShape } from '@candor/media/test/synthetic-media';`],
    ['the root test workspace', `import { postJson } from '@candor/test/support/http';`],
    ['a spec file', `export { cases } from './room-media.unit.spec';`],
    ['a dynamic import', `const harness = await import('../../test/synthetic-peer');`],
    ['a require', `const { FakeRouter } = require('../../test/fake-mediasoup-router');`],
  ])('finds %s', (_kind, line) => {
    const findings = check(file('services/media/src/live/room-media.ts', `import express from 'express';`, line));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      file: 'services/media/src/live/room-media.ts',
      reason: expect.stringMatching(/imports test support/),
    });
  });

  it('reads imports in a Svelte component and through the frontend aliases', () => {
    const findings = check(
      file(
        'frontend/src/routes/live/+page.svelte',
        `<script lang="ts">`,
        `  import { FakeSocket } from '../../../test/live/fakes.ts';`,
        `</script>`,
        `<p>live</p>`,
      ),
      file('frontend/src/lib/live/a.ts', `import { fakeBrowser } from '$lib/../../test/live/fakes.ts';`),
      file('frontend/src/lib/live/b.ts', `import { settle } from '#lib/../../test/live/fakes.ts';`),
    );
    expect(findings.map((finding) => finding.file)).toEqual([
      'frontend/src/routes/live/+page.svelte',
      'frontend/src/lib/live/a.ts',
      'frontend/src/lib/live/b.ts',
    ]);
  });

  it('finds test support by its name in a production folder, before anything imports it', () => {
    const findings = check(
      file('services/session/src/testing/clock.ts', 'export const at = 0;'),
      file('services/media/src/sfu/fake-worker.ts', 'export const worker = null;'),
      file('services/notification/src/transport/sms.contract.ts', 'export {};'),
    );
    expect(findings.map((finding) => [finding.file, finding.specifier])).toEqual([
      ['services/session/src/testing/clock.ts', null],
      ['services/media/src/sfu/fake-worker.ts', null],
      ['services/notification/src/transport/sms.contract.ts', null],
    ]);
  });

  it('lets specs import test support, and ignores comments, strings and production imports', () => {
    const findings = check(
      file(
        'services/media/src/live/live-room.unit.spec.ts',
        `import { createMemoryEventStore } from '../../test/memory-event-store';`,
      ),
      file(
        'services/media/src/live/live-room.ts',
        `// import { createMemoryEventStore } from '../../test/memory-event-store';`,
        `const note = "from '../../test/memory-event-store'";`,
        `import { ConcurrencyError } from '@candor/runtime';`,
        `import { mediaEventNames } from '@candor/contracts';`,
        `import { roomMedia } from './room-media';`,
        `import { mediaCodecs } from '../sfu/mediasoup/engine';`,
      ),
    );
    expect(findings).toEqual([]);
  });
});
