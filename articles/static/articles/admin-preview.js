/* The article change form, enhanced (everything here also works without JavaScript):
   - the language switch above the form shows one language in every field at once (the
     language tabs of modeltranslation), and clicking one field's tab switches all of them;
     without JavaScript its links reload the form narrowed to that language (?language=ru);
   - beside each body (below it on narrow screens) a live preview: that language's unsaved
     title, summary and body are posted to the preview page as they are typed (and when
     "Preview" is pressed), which the server renders with the site's own stylesheet and
     direction; a translation's English source and its preview share the column, one at a
     time; images the site will drop, named by the preview page, are named under the body
     too. Without JavaScript a link opens the saved text's preview. */
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

  var LIVE_DELAY = 600;  // ms after the last keystroke before the preview is rendered again

  function showWarnings(frame, lang) {
    // The preview page names the images the site will drop: the same notice under the body.
    var box = document.querySelector(".kb-image-warning[data-lang='" + lang + "']");
    var doc = frame.contentDocument;
    if (!box || !doc) { return; }
    var found = doc.querySelector(".kb-image-warning");
    box.replaceChildren.apply(box, found ? Array.prototype.map.call(found.childNodes, function (node) {
      return document.importNode(node, true);
    }) : []);
    box.hidden = !found;
  }

  function sideColumn(holder, frame) {
    // Beside the body on wide screens: its live preview, and for a translation the English
    // source too, one of the two at a time (a switch above them).
    var wrapper = holder.parentElement;
    var side = document.createElement("div");
    side.className = "kb-side";
    var source = wrapper.querySelector(".kb-source");
    if (source) {
      var bar = document.createElement("div");
      bar.className = "kb-side-switch";
      bar.setAttribute("role", "group");
      [[holder.dataset.sourceLabel, source], [holder.dataset.liveLabel, frame]].forEach(function (pair, index) {
        var toggle = document.createElement("button");
        toggle.type = "button";
        toggle.className = "button kb-side-toggle";
        toggle.textContent = pair[0];
        toggle.setAttribute("aria-pressed", index === 0 ? "true" : "false");
        toggle.addEventListener("click", function () {
          bar.querySelectorAll("button").forEach(function (other) { other.setAttribute("aria-pressed", "false"); });
          toggle.setAttribute("aria-pressed", "true");
          source.hidden = pair[1] !== source;
          frame.hidden = pair[1] !== frame;
        });
        bar.appendChild(toggle);
      });
      side.appendChild(bar);
      side.appendChild(source);
      frame.hidden = true;
    }
    side.appendChild(frame);
    wrapper.insertBefore(side, holder);
    wrapper.classList.add("kb-body-live");
    return side;
  }

  function attachPreview(holder) {
    var lang = holder.dataset.lang;
    var textarea = document.getElementById("id_body" + suffix(lang));
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button kb-preview-button";
    button.textContent = holder.dataset.label;
    var frame = document.createElement("iframe");
    frame.className = "kb-preview";
    frame.name = "kb-preview-" + lang;
    frame.title = holder.dataset.frameTitle;
    var scroll = 0, rendered = false, timer = null, lastSent = null;
    frame.addEventListener("load", function () {
      var win = frame.contentWindow;
      if (win && scroll) { win.scrollTo(0, scroll); }
      showWarnings(frame, lang);
    });

    function render() {
      rendered = true;
      clearTimeout(timer);  // a render now makes the one waiting for the typing to pause moot
      if (frame.contentWindow) { scroll = frame.contentWindow.scrollY || 0; }
      var form = document.createElement("form");
      form.method = "post";
      form.action = holder.dataset.url;
      form.target = frame.name;
      form.hidden = true;
      var fields = { lang: lang, article: holder.dataset.article };
      ["title", "summary", "body"].forEach(function (name) {
        var input = document.getElementById("id_" + name + suffix(lang));
        if (input) { fields[name + suffix(lang)] = input.value; }
      });
      var sent = JSON.stringify(fields);
      if (sent === lastSent) { return; }  // the frame shows (or is loading) this text already
      lastSent = sent;
      fields.csrfmiddlewaretoken = csrfToken();
      Object.keys(fields).forEach(function (name) {
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        input.value = fields[name];
        form.appendChild(input);
      });
      document.body.appendChild(form);
      form.submit();
      document.body.removeChild(form);
    }

    button.addEventListener("click", function () {
      var toggles = holder.parentElement.querySelectorAll(".kb-side-toggle");
      if (toggles.length) { toggles[toggles.length - 1].click(); }  // show the preview
      frame.hidden = false;
      render();
    });
    holder.insertAdjacentElement("afterbegin", button);
    sideColumn(holder, frame);
    if (!textarea) { return; }
    ["title", "summary", "body"].forEach(function (name) {
      var input = document.getElementById("id_" + name + suffix(lang));
      if (!input) { return; }
      input.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(render, LIVE_DELAY);
      });
    });
    // Rendered once the body nears the screen (not for the languages in hidden tabs).
    if (window.IntersectionObserver) {
      var observer = new IntersectionObserver(function (entries) {
        if (entries.some(function (entry) { return entry.isIntersecting; }) && !rendered) {
          observer.disconnect();
          render();
        }
      }, { rootMargin: "600px 0px" });
      observer.observe(textarea);
    } else {
      render();
    }
  }

  function ready() {
    document.querySelectorAll(".kb-preview-links").forEach(attachPreview);
    attachLanguageSwitch();
  }
  // After modeltranslation has built its tabs (its jQuery ready handler was registered first).
  if ($) { $(ready); } else { document.addEventListener("DOMContentLoaded", ready); }
})();
