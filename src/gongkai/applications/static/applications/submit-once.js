// One submission per click on the application form: a double click sends one request.
// (The server also refuses a second copy of the same form, by its token.)
document.addEventListener("submit", function (event) {
  var button = event.target.querySelector(".submit-once");
  if (!button) return;
  if (button.dataset.sent) { event.preventDefault(); return; }
  button.dataset.sent = "1";
  button.textContent = "正在提交……";
});
