/* A waiting visitor's place in the queue and expected wait on a chat's private page
   (templates/articles/_chat_wait.html, articles/support/waiting.py), refreshed every
   WAIT_REFRESH ms from the conversation's messages address (its `wait`) until an agent
   has the chat. Without this file the page shows them as they were when it loaded.
   Loaded with `defer`; no inline script. */
(function () {
  "use strict";

  var WAIT_REFRESH = 20000; // ms between refreshes

  function setUpWait(box, messagesUrl) {
    var text = box.querySelector("[data-chat-wait-text]");
    if (!text || !messagesUrl) return;
    function render(wait) {
      if (!wait || wait.state === null) return;
      if (wait.position === null) { text.textContent = box.dataset.taken; return; }
      var words = box.dataset.positionTemplate.replace("POSITION", String(wait.position));
      words += " " + (wait.minutes === null ? box.dataset.noEstimate :
        box.dataset.minutesTemplate.replace("MINUTES", String(wait.minutes)));
      text.textContent = words;
    }
    var timer = window.setInterval(function () {
      fetch(messagesUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data) return;
          render(data.wait);
          if (data.state.status !== "new") window.clearInterval(timer);
        })
        .catch(function () { /* offline: the next round tries again */ });
    }, WAIT_REFRESH);
  }

  var box = document.querySelector("[data-chat-wait]");
  var visitor = document.querySelector("[data-chat-visitor]");
  if (box && visitor && window.fetch) setUpWait(box, visitor.dataset.messagesUrl);
}());
