// The candidate's pages are server-rendered HTML with plain forms and no SvelteKit client: a
// candidate opens one link on whatever phone or network they have, and the page works the same
// with or without JavaScript. What JavaScript adds (a pressed button says it is saving, a double
// press sends once) is static/candidate-page.js, about 1 KB, instead of the ~45 KB gzipped client
// router and Svelte runtime the page loaded before (docs/benchmarks.md, "Candidate page weight").
export const csr = false;
