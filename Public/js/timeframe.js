// Reads the timeframe back as it is typed: asks the server how it understands the text (the same parser that
// will store it) and shows the answer under the field. Without JavaScript the answer shows after saving.
(function () {
  var input = document.querySelector('input[data-timeframe]');
  var output = document.querySelector('[data-timeframe-output]');
  if (!input || !output || !window.fetch) return;
  var timer = null, last = null;
  function ask() {
    var text = input.value;
    if (text === last) return;
    last = text;
    var url = '/plans/timeframe?year=' + encodeURIComponent(input.getAttribute('data-timeframe')) + '&text=' + encodeURIComponent(text);
    fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (reading) {
        if (!reading || input.value !== text) return;
        var words = reading.summary;
        if (reading.start && reading.due) words += ' (từ ' + reading.start + ' đến ' + reading.due + ')';
        if (reading.occurrences > 0) words += ', ' + reading.occurrences + ' kỳ';
        output.textContent = words;
      })
      .catch(function () {});
  }
  input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(ask, 250); });
})();
