/* Live preview of an article body in the admin, rendered by the server exactly as the
   site will show it (Markdown → sanitized HTML). Without JavaScript, editors use the
   "view on site" links, which show drafts to staff. */
(function () {
  "use strict";
  function previewUrl() {
    return window.location.pathname.replace(/\/(\d+\/change|add)\/?$/, "/preview/");
  }
  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function attach(textarea) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button kb-preview-button";
    button.textContent = (window.gettext || String)("Preview");
    var pane = document.createElement("div");
    pane.className = "kb-preview";
    pane.hidden = true;
    pane.setAttribute("aria-live", "polite");
    pane.dir = textarea.name.match(/_ar$/) ? "rtl" : "auto";
    button.addEventListener("click", function () {
      var body = new URLSearchParams({ markdown: textarea.value });
      fetch(previewUrl(), {
        method: "POST",
        headers: { "X-CSRFToken": csrfToken() },
        body: body,
        credentials: "same-origin",
      })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          pane.innerHTML = data.html || "";  // sanitized by the server's allowlist
          pane.hidden = false;
        });
    });
    textarea.insertAdjacentElement("afterend", pane);
    textarea.insertAdjacentElement("afterend", button);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[name^=body_]").forEach(attach);
  });
})();
