// One submission per click on the application form: a double click sends one request.
// (The server also refuses a second copy of the same form, by its token.)
document.addEventListener("submit", function (event) {
  var button = event.target.querySelector(".submit-once");
  if (!button) return;
  if (button.dataset.sent) { event.preventDefault(); return; }
  button.dataset.sent = "1";
  button.dataset.label = button.textContent;
  button.textContent = "正在提交……";
});
// Back to the form (the browser's history keeps the page): the button works again, and
// the server answers a second submission of the same form with the first application.
window.addEventListener("pageshow", function () {
  document.querySelectorAll(".submit-once").forEach(function (button) {
    if (!button.dataset.sent) return;
    delete button.dataset.sent;
    button.textContent = button.dataset.label || button.textContent;
  });
});
// The form's token is bound to its first submission: it is kept in this history entry,
// so Back to the form, even when the browser fetches the page again, submits the same
// token, and the server answers with the first application. A new visit (a link, a new
// tab) is a new history entry: a new token, a new application.
(function () {
  var token = document.querySelector('form input[name="token"]');
  if (!token || !window.history || !history.replaceState) return;
  var state = history.state || {};
  if (state.applyToken) {
    token.value = state.applyToken;
  } else {
    var kept = {};
    for (var key in state) kept[key] = state[key];
    kept.applyToken = token.value;
    history.replaceState(kept, "");
  }
})();
