// The S3 SDK is loaded only when an S3 storage is made: the embedded mode imports the recording
// service but stores on the filesystem. Each case loads modules in a fresh Node process (through
// tsx, as the services' mains do) and lists the packages it loaded.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..', '..', '..');

function packagesLoadedAfter(code: string): string[] {
  const script = `
    const { sep } = require('node:path');
    ${code};
    const loaded = new Set();
    for (const file of Object.keys(require.cache)) {
      const at = file.lastIndexOf('node_modules' + sep);
      if (at < 0) continue;
      const [scope, name] = file.slice(at + 'node_modules'.length + 1).split(sep);
      loaded.add(scope.startsWith('@') ? scope + '/' + name : scope);
    }
    process.stdout.write(JSON.stringify([...loaded]));
  `;
  const output = execFileSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(output) as string[];
}

test('importing the recording service and using filesystem storage does not load the S3 SDK', () => {
  const loaded = packagesLoadedAfter(`
    const { createFilesystemStorage } = require('@candor/recording');
    createFilesystemStorage({ root: require('node:os').tmpdir() });`);
  expect(loaded).toContain('express'); // the probe sees what was loaded (the runtime brings it)
  expect(loaded).not.toContain('@aws-sdk/client-s3');
});

test('creating an S3 storage loads it', () => {
  const loaded = packagesLoadedAfter(`
    const { createS3Storage } = require('@candor/recording');
    createS3Storage({ endpoint: 'http://127.0.0.1:1', region: 'us-east-1', bucket: 'b', accessKeyId: 'k', secretAccessKey: 's' });`);
  expect(loaded).toContain('@aws-sdk/client-s3');
});
