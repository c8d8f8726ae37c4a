/* The help center's JavaScript: optional. Every feature below has a no-JavaScript
   equivalent (the search form submits, the vote form posts, the link field can be
   selected); this only makes them faster and nicer. */
(function () {
  "use strict";

  /* --- Copy buttons: the short link, a Markdown link, a heading's deep link --- */
  function announce(status) {
    if (!status) return;
    status.textContent = status.dataset.copied || "Copied";
    window.setTimeout(function () { status.textContent = ""; }, 2500);
  }
  function copy(text, status) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { announce(status); });
    } else {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      try { document.execCommand("copy"); announce(status); } finally { area.remove(); }
    }
  }
  /* The support desk counts copies per article, language and day (no one's identity):
     a same-origin POST with the page's CSRF token; a failure changes nothing for the agent. */
  function countCopy(scope) {
    var form = document.getElementById("desk-copy-count");
    if (!form || !scope.dataset.article || !window.fetch) return;
    var data = new FormData(form);
    data.set("article", scope.dataset.article);
    data.set("lang", scope.dataset.lang || "");
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin", keepalive: true })
      .catch(function () { /* counting is best effort */ });
  }
  function setUpCopyButtons() {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var scope = button.closest("[data-copy-scope]") || button.parentElement;
        copy(button.dataset.copy, scope.querySelector(".copy-status") || document.querySelector(".copy-status"));
        countCopy(scope);
      });
    });
    var label = document.body.dataset.copyHeadingLabel || "Copy link to this section";
    document.querySelectorAll(".article-body .headerlink").forEach(function (link) {
      link.setAttribute("aria-label", label);
      link.setAttribute("title", label);
      link.addEventListener("click", function () {
        copy(window.location.href.split("#")[0] + link.getAttribute("href"),
          document.querySelector(".heading-copy-status") || document.querySelector(".copy-status"));
      });
    });
  }

  /* --- "Was this helpful?" posted in place --- */
  function setUpFeedback() {
    var form = document.querySelector("[data-feedback]");
    if (!form || !window.fetch) return;
    var box = form.querySelector(".feedback-comment");
    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      if (!submitter) return;
      event.preventDefault();
      var data = new FormData(form);
      data.set("helpful", submitter.value);
      var firstNo = submitter.value === "no" && box.hidden;
      if (firstNo) data.delete("comment");
      fetch(form.action, { method: "POST", body: data, headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (result) {
          if (firstNo && !(result && result.error)) {
            box.hidden = false;
            box.querySelector("textarea").focus();
            return;
          }
          var thanks = document.createElement("p");
          thanks.setAttribute("role", "status");
          thanks.textContent = form.dataset.thanks || "Thank you!";
          form.replaceWith(thanks);
          if (result && result.error) thanks.textContent = result.error;
        })
        .catch(function () { form.submit(); });
    });
  }

  /* --- Search as you type: the WAI-ARIA combobox pattern --- */
  function setUpSuggestions() {
    var input = document.getElementById("search-input");
    if (!input || !window.fetch) return;
    var form = input.form;
    var lang = document.documentElement.lang;
    var list = document.createElement("ul");
    list.id = "search-suggestions";
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", form.dataset.suggestionsLabel || "Suggestions");
    list.hidden = true;
    var live = document.createElement("div");
    live.className = "visually-hidden";
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");
    form.appendChild(list);
    form.appendChild(live);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    var timer = null, active = -1, items = [], lastQuery = "", controller = null;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (option, i) { option.setAttribute("aria-selected", String(i === index)); });
      active = index;
      if (index >= 0) input.setAttribute("aria-activedescendant", options[index].id);
      else input.removeAttribute("aria-activedescendant");
    }
    function countLabel(count) {
      var labels = [];
      try { labels = JSON.parse(form.dataset.suggestionsCounts || "[]"); } catch (error) { labels = []; }
      if (labels[count]) return labels[count];
      return (form.dataset.suggestionsCount || "%s").replace("%s", count);
    }
    function option(text, go) {
      var item = document.createElement("li");
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.textContent = text;
      item.addEventListener("mousedown", function (event) {
        event.preventDefault();
        go();
      });
      return item;
    }
    function render(suggestions, query) {
      list.textContent = "";
      items = suggestions.map(function (suggestion, i) {
        var go = function () { window.location.href = suggestion.url; };
        var item = option(suggestion.title, go);
        item.id = "suggestion-" + i;
        list.appendChild(item);
        return go;
      });
      if (suggestions.length) {
        /* The last row searches for exactly what was typed (the form's own submit). */
        var label = (form.dataset.searchFor || "%s").replace("%s", query);
        var search = function () { close(); form.submit(); };
        var row = option(label, search);
        row.id = "suggestion-search";
        row.className = "suggestion-search";
        list.appendChild(row);
        items.push(search);
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        live.textContent = countLabel(suggestions.length);
      } else {
        close();
      }
      active = -1;
    }
    function fetchSuggestions() {
      var query = input.value.trim();
      if (query === lastQuery) return;
      lastQuery = query;
      if (!query) { render([], query); return; }
      if (controller) controller.abort();
      controller = new AbortController();
      fetch("/api/suggest?" + new URLSearchParams({ q: query, lang: lang }), { signal: controller.signal })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) { render(data.suggestions || [], query); })
        .catch(function () {});
    }
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && items.length) {
        event.preventDefault();
        if (list.hidden) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
        highlight((active + 1) % items.length);
      } else if (event.key === "ArrowUp" && items.length) {
        event.preventDefault();
        highlight(active <= 0 ? items.length - 1 : active - 1);
      } else if (event.key === "Enter" && active >= 0 && !list.hidden) {
        event.preventDefault();
        items[active]();
      } else if (event.key === "Escape") {
        if (!list.hidden) { event.preventDefault(); close(); }
      }
    });
    input.addEventListener("blur", function () { window.setTimeout(close, 100); });
  }

  /* --- Deep links made before heading ids got their "section-" prefix --- */
  function followOldHeadingLink() {
    var name = decodeURIComponent(window.location.hash.slice(1));
    if (!name || document.getElementById(name)) return;
    var heading = document.getElementById("section-" + name);
    if (heading) window.location.replace("#section-" + encodeURIComponent(name));
  }

  /* --- The language switcher keeps the section being read ---
     Fragments never reach the server, so its links cannot carry one; each link gets the
     page's current fragment, and the browser keeps it across the switch's redirect.
     Sections named in every translation ({#name} in Markdown) have the same id in each. */
  function keepSectionInLanguageLinks() {
    document.querySelectorAll(".language-switcher a[href]").forEach(function (link) {
      link.href = link.href.split("#")[0] + window.location.hash;
    });
  }

  window.addEventListener("hashchange", followOldHeadingLink);
  window.addEventListener("hashchange", keepSectionInLanguageLinks);

  document.addEventListener("DOMContentLoaded", function () {
    followOldHeadingLink();
    keepSectionInLanguageLinks();
    setUpCopyButtons();
    setUpFeedback();
    setUpSuggestions();
  });
})();
