// The candidate pages' only script (routes/(candidate)/+layout.ts: no SvelteKit client there). The
// forms are plain POSTs that work without it; with it, the pressed button says what is happening
// and a second press does not send the form twice. It marks the page as ready for browser tests,
// as the root layout does on the other pages.
(function () {
  var pending = { start: 'Starting…', next: 'Saving…', submit: 'Submitting…' };
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (form.dataset.sending === 'true') {
      event.preventDefault();
      return;
    }
    form.dataset.sending = 'true';
    form.setAttribute('aria-busy', 'true');
    var button = event.submitter;
    var action = ((button && button.getAttribute('formaction')) || form.getAttribute('action') || '').split('/').pop();
    if (button && pending[action]) button.textContent = pending[action];
  });
  // a page restored from the back/forward cache can be sent again
  window.addEventListener('pageshow', function () {
    document.querySelectorAll('form[data-sending]').forEach(function (form) {
      delete form.dataset.sending;
      form.removeAttribute('aria-busy');
    });
  });
  document.documentElement.dataset.hydrated = 'true';
})();
