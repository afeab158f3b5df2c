// What `npm run build` and `npm start` print of the frontend build (scripts/build-frontend.cjs):
// not Vite's and SvelteKit's adapter's advice for their own templates ("Run npm run preview …", a
// script Candor does not have), nor the adapter's banner; every other line, warnings included.
// The input is what `vite build --logLevel warn` printed on stdout here (frontend, 2026-12-03).
import { join } from 'node:path';

const { candorBuildOutput } = require(join(__dirname, '../../scripts/build-frontend.cjs')) as {
  candorBuildOutput: (stdout: string) => string[];
};

const printedByVite = '\nRun npm run preview to preview your production build locally.\n\n> Using @sveltejs/adapter-node\n✔ done\n';

describe('the frontend build’s output', () => {
  it('drops the preview advice and the adapter’s banner: nothing left of a clean build', () => {
    expect(candorBuildOutput(printedByVite)).toEqual([]);
  });

  it('keeps every other line (a warning, a chunk-size note)', () => {
    const warning = '(!) Some chunks are larger than 500 kB after minification.';
    const note = 'src/routes/+page.svelte (12:3): A11y: <img> element should have an alt attribute';
    expect(candorBuildOutput(`${warning}\n${printedByVite}${note}\n`)).toEqual([warning, note]);
  });
});
