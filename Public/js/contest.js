// The countdown (the server keeps the clock; this only shows it) and saving answers as they are given.
(function () {
  var timer = document.getElementById('timer');
  var form = document.getElementById('contest-form');
  var saved = document.getElementById('saved');
  if (timer) {
    var left = parseInt(timer.getAttribute('data-seconds'), 10) || 0;
    var end = Date.now() + left * 1000;
    var tick = function () {
      var s = Math.max(0, Math.round((end - Date.now()) / 1000));
      timer.textContent = 'còn ' + Math.floor(s / 60) + ' phút ' + (s % 60) + ' giây';
      if (s <= 0) { form.submit(); return; }
      setTimeout(tick, 1000);
    };
    tick();
  }
  if (form && window.fetch && window.URLSearchParams) {
    form.addEventListener('change', function () {
      fetch(form.getAttribute('data-save'), { method: 'POST', body: new URLSearchParams(new FormData(form)), credentials: 'same-origin' })
        .then(function (r) { if (saved) saved.textContent = r.ok ? 'Đã lưu câu trả lời.' : 'Chưa lưu được: hết giờ hoặc mất kết nối.'; })
        .catch(function () { if (saved) saved.textContent = 'Chưa lưu được: mất kết nối.'; });
    });
  }
})();
