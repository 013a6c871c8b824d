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
