/* The article change form, enhanced (everything here also works without JavaScript):
   - the language switch above the form shows one language in every field at once (the
     language tabs of modeltranslation), and clicking one field's tab switches all of them;
     without JavaScript its links reload the form narrowed to that language (?language=ru);
   - "Preview" under a body posts that language's unsaved title, summary and body to the
     preview page, which the server renders with the site's own stylesheet and direction,
     shown full width in a frame; without JavaScript a link opens the saved text's preview. */
(function () {
  "use strict";
  var $ = window.jQuery || (window.django && window.django.jQuery);

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function suffix(lang) { return "_" + lang.replace(/-/g, "_"); }

  function showLanguage(lang) {
    var end = suffix(lang);
    $(".ui-tabs").each(function () {
      var group = $(this), index = -1;
      group.find(".ui-tabs-nav a").each(function (i) {
        var href = this.getAttribute("href") || "";
        if (href.slice(-end.length) === end) { index = i; }
      });
      if (index >= 0 && group.tabs("option", "active") !== index) {
        group.tabs("option", "active", index);
      }
    });
    document.querySelectorAll(".kb-language-switch a").forEach(function (link) {
      if (link.dataset.language === lang) { link.setAttribute("aria-current", "page"); }
      else { link.removeAttribute("aria-current"); }
    });
  }

  function attachLanguageSwitch() {
    var nav = document.querySelector(".kb-language-switch");
    if (!nav || nav.dataset.focus || !$) { return; }
    var languages = [];
    nav.querySelectorAll("a[data-language]").forEach(function (link) {
      languages.push(link.dataset.language);
      link.addEventListener("click", function (event) {
        if (!$(".ui-tabs").length) { return; }  // no tabs: the link narrows the form
        event.preventDefault();  // the tabs switch in place: nothing typed is lost
        showLanguage(link.dataset.language);
      });
    });
    var syncing = false;
    $(document).on("tabsactivate", ".ui-tabs", function (event, ui) {
      if (syncing) { return; }
      var href = ui.newTab.find("a").attr("href") || "";
      var lang = languages.filter(function (code) {
        return href.slice(-suffix(code).length) === suffix(code);
      })[0];
      if (lang) { syncing = true; showLanguage(lang); syncing = false; }
    });
  }

  function attachPreview(holder) {
    var lang = holder.dataset.lang;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button kb-preview-button";
    button.textContent = holder.dataset.label;
    var frame = document.createElement("iframe");
    frame.className = "kb-preview";
    frame.name = "kb-preview-" + lang;
    frame.title = holder.dataset.frameTitle;
    frame.hidden = true;
    frame.addEventListener("load", function () {
      var doc = frame.contentDocument;
      if (doc && doc.documentElement) {
        frame.style.height = doc.documentElement.scrollHeight + 2 + "px";
      }
    });
    button.addEventListener("click", function () {
      var form = document.createElement("form");
      form.method = "post";
      form.action = holder.dataset.url;
      form.target = frame.name;
      form.hidden = true;
      var fields = { csrfmiddlewaretoken: csrfToken(), lang: lang, article: holder.dataset.article };
      ["title", "summary", "body"].forEach(function (name) {
        var input = document.getElementById("id_" + name + suffix(lang));
        if (input) { fields[name + suffix(lang)] = input.value; }
      });
      Object.keys(fields).forEach(function (name) {
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        input.value = fields[name];
        form.appendChild(input);
      });
      document.body.appendChild(form);
      frame.hidden = false;
      form.submit();
      document.body.removeChild(form);
    });
    holder.insertAdjacentElement("afterbegin", button);
    holder.insertAdjacentElement("afterend", frame);
  }

  function ready() {
    document.querySelectorAll(".kb-preview-links").forEach(attachPreview);
    attachLanguageSwitch();
  }
  // After modeltranslation has built its tabs (its jQuery ready handler was registered first).
  if ($) { $(ready); } else { document.addEventListener("DOMContentLoaded", ready); }
})();
