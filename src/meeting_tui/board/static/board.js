// The board's only script: follows the server's pushed updates (Server-Sent Events) and
// counts the timers down between them from the server's clock. No framework, nothing fetched
// from elsewhere; the HTML it inserts was escaped by the server.
"use strict";
(function () {
  var offset = 0; // server time - this device's time, in seconds
  var board = document.getElementById("board");
  var live = document.getElementById("live");

  function clock(seconds) {
    var sign = seconds < 0 ? "+" : "";
    var total = Math.floor(Math.abs(seconds));
    var h = Math.floor(total / 3600), m = Math.floor((total % 3600) / 60), s = total % 60;
    var mm = (m < 10 ? "0" : "") + m, ss = (s < 10 ? "0" : "") + s;
    return sign + (h ? h + ":" + mm + ":" + ss : mm + ":" + ss);
  }

  function tick() {
    var now = Date.now() / 1000 + offset;
    var timers = board.querySelectorAll("[data-deadline]");
    for (var i = 0; i < timers.length; i++) {
      var left = parseFloat(timers[i].getAttribute("data-deadline")) - now;
      var text = clock(left);
      if (timers[i].textContent !== text) timers[i].textContent = text;
      timers[i].classList.toggle("over", left < 0);
      var detail = timers[i].nextElementSibling;
      if (detail && detail.hasAttribute("data-over")) {
        detail.textContent = detail.getAttribute(left < 0 ? "data-over" : "data-left");
      }
    }
  }

  function connect() {
    var source = new EventSource("events" + window.location.search);
    source.onopen = function () { live.textContent = live.getAttribute("data-live"); live.className = "ok"; };
    source.onerror = function () { live.textContent = live.getAttribute("data-offline"); live.className = "lost"; };
    source.onmessage = function (event) {
      var update = JSON.parse(event.data);
      offset = update.now - Date.now() / 1000;
      board.innerHTML = update.html;
      document.body.setAttribute("data-seq", String(update.seq));
      tick();
    };
  }

  connect();
  setInterval(tick, 250);
})();
