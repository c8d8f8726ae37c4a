/* The contact form's optional help: while the visitor types a subject, articles that may
   already answer it are listed under the field (from /api/suggest). Without JavaScript
   the form works the same, without the list. Loaded only on the contact page. */
(function () {
  "use strict";

  function setUpSubjectSuggestions() {
    var input = document.querySelector("input[data-suggest-url]");
    var box = document.querySelector(".subject-suggestions");
    if (!input || !box || !window.fetch) return;
    var timer = null;
    var lastAsked = "";

    function show(suggestions) {
      box.textContent = "";
      if (!suggestions.length) { box.hidden = true; return; }
      var title = document.createElement("p");
      title.textContent = box.dataset.title;
      var list = document.createElement("ul");
      suggestions.forEach(function (suggestion) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = suggestion.url;
        link.textContent = suggestion.title;
        link.target = "_blank";
        link.rel = "noopener";
        item.appendChild(link);
        list.appendChild(item);
      });
      box.appendChild(title);
      box.appendChild(list);
      box.hidden = false;
    }

    function ask() {
      var text = input.value.trim();
      if (text.length < 3) { show([]); lastAsked = ""; return; }
      if (text === lastAsked) return;
      lastAsked = text;
      var url = input.dataset.suggestUrl + "?" + new URLSearchParams({ q: text.slice(0, 200), lang: input.dataset.lang });
      fetch(url, { headers: { Accept: "application/json" }, credentials: "omit" })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) { if (text === lastAsked) show((data.suggestions || []).slice(0, 5)); })
        .catch(function () { /* suggestions are a nicety: the form works without them */ });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, 300);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpSubjectSuggestions);
  } else {
    setUpSubjectSuggestions();
  }
})();
