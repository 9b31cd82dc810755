// Saves the answers as they are given, so nothing typed is lost on a bad connection: a moment after each change,
// and when the page is hidden. The form still works without this script (answers are then saved on sending).
(function () {
  var form = document.getElementById("survey-form");
  if (!form || !window.fetch || !window.URLSearchParams) return;
  var url = form.getAttribute("data-save"), status = document.getElementById("saved"), timer = null, dirty = false;
  function body() { return new URLSearchParams(new FormData(form)).toString(); }
  function save() {
    timer = null;
    if (!dirty) return;
    dirty = false;
    fetch(url, { method: "POST", body: body(), headers: { "Content-Type": "application/x-www-form-urlencoded" }, credentials: "same-origin" })
      .then(function (r) { if (status) status.textContent = r.ok ? "Đã lưu tạm câu trả lời." : ""; })
      .catch(function () { dirty = true; if (status) status.textContent = "Chưa lưu được (mất kết nối); sẽ thử lại."; });
  }
  function changed() { dirty = true; if (timer) clearTimeout(timer); timer = setTimeout(save, 1200); }
  form.addEventListener("change", changed);
  form.addEventListener("input", changed);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && dirty && navigator.sendBeacon) {
      dirty = false;
      navigator.sendBeacon(url, new Blob([body()], { type: "application/x-www-form-urlencoded" }));
    }
  });
  form.addEventListener("submit", function () { dirty = false; if (timer) clearTimeout(timer); });
})();
