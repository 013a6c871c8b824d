// While the applicant describes the information, suggest published items that may be it
// (该信息可能已主动公开). Plain fetch, debounced; the list is announced politely.
(function () {
  var box = document.getElementById("suggestions");
  if (!box || !window.fetch) return;
  var fields = ["id_info_title", "id_description"].map(function (id) {
    return document.getElementById(id);
  }).filter(Boolean);
  var timer = null, last = "";
  function text() {
    return fields.map(function (f) { return f.value; }).join(" ").trim().slice(0, 200);
  }
  function show(items) {
    box.textContent = "";
    if (!items.length) { box.hidden = true; return; }
    var head = document.createElement("p");
    head.innerHTML = "<strong>该信息可能已主动公开</strong>：以下信息可以直接查阅，如已满足需要，无需提出申请。";
    var list = document.createElement("ul");
    items.forEach(function (item) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = item.url; a.textContent = item.title; a.target = "_blank"; a.rel = "noopener";
      li.appendChild(a);
      li.appendChild(document.createTextNode("（" + item.agency + "，" + item.published_on + "）"));
      list.appendChild(li);
    });
    box.appendChild(head); box.appendChild(list); box.hidden = false;
  }
  function ask() {
    var q = text();
    if (q === last) return;
    last = q;
    if (q.length < 2) { show([]); return; }
    fetch(box.dataset.url + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { items: [] }; })
      .then(function (data) { if (q === last) show(data.items || []); })
      .catch(function () {});
  }
  fields.forEach(function (f) {
    f.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(ask, 400); });
  });
})();
