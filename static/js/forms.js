// Behaviour that forms declare in their markup, so that no page needs an inline script
// (the Content-Security-Policy allows none): a select with `data-autosubmit` sends its
// form when it changes; a form with `data-confirm` asks that question before it is sent.
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    const field = event.target;
    if (field.matches("select[data-autosubmit]") && field.form) field.form.requestSubmit();
  });

  document.addEventListener("submit", function (event) {
    const question = event.target.dataset && event.target.dataset.confirm;
    if (question && !window.confirm(question)) event.preventDefault();
  });
})();
