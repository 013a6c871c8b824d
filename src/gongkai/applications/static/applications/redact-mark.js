// Drawing the regions to redact on a file's page images: each box drawn becomes a line
// "page left top right bottom basis note" (points from the page's top-left corner) of
// the form's regions field, which is also the way to type them without a mouse.
(function () {
  var field = document.getElementById("id_regions");
  var basis = document.getElementById("mark-basis");
  var note = document.getElementById("mark-note");
  if (!field) return;
  var round = function (v) { return Math.round(v * 10) / 10; };
  document.querySelectorAll(".redact-page").forEach(function (sheet) {
    var img = sheet.querySelector("img");
    var start = null, box = null;
    var point = function (e) {
      var r = img.getBoundingClientRect();
      return { x: Math.min(Math.max(e.clientX - r.left, 0), r.width),
               y: Math.min(Math.max(e.clientY - r.top, 0), r.height) };
    };
    sheet.addEventListener("mousedown", function (e) {
      e.preventDefault();
      start = point(e);
      box = document.createElement("div");
      box.className = "redact-box";
      sheet.appendChild(box);
    });
    sheet.addEventListener("mousemove", function (e) {
      if (!start) return;
      var p = point(e);
      box.style.left = Math.min(p.x, start.x) + "px";
      box.style.top = Math.min(p.y, start.y) + "px";
      box.style.width = Math.abs(p.x - start.x) + "px";
      box.style.height = Math.abs(p.y - start.y) + "px";
    });
    var finish = function (e) {
      if (!start) return;
      var p = point(e), r = img.getBoundingClientRect();
      var scale = parseFloat(sheet.dataset.width) / r.width;
      var x0 = Math.min(p.x, start.x) * scale, x1 = Math.max(p.x, start.x) * scale;
      var y0 = Math.min(p.y, start.y) * scale, y1 = Math.max(p.y, start.y) * scale;
      start = null;
      if (x1 - x0 < 2 || y1 - y0 < 2) { box.remove(); return; }
      var line = [sheet.dataset.page, round(x0), round(y0), round(x1), round(y1),
                  basis.value, note.value.trim()].join(" ").trim();
      field.value = (field.value.trim() ? field.value.trim() + "\n" : "") + line;
    };
    sheet.addEventListener("mouseup", finish);
    sheet.addEventListener("mouseleave", finish);
  });
})();
