/* The article change form: "Insert an image" under each body (saved articles, for users who
   may add images). The picture is uploaded at once to /admin/articles/articleimage/upload/
   (checked and re-encoded like any upload, kept with the article's images) and its Markdown,
   `![description](/media/articles/….png)`, is inserted where the cursor was in the body.
   Without JavaScript the Images section of the form does the same in two saves. */
(function () {
  "use strict";

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function field(id, labelText, input) {
    var wrapper = document.createElement("p");
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = labelText;
    input.id = id;
    wrapper.appendChild(label);
    wrapper.appendChild(input);
    return wrapper;
  }

  function insertAtCursor(textarea, text, start, end) {
    var before = textarea.value.slice(0, start);
    var after = textarea.value.slice(end);
    // The image on a line of its own: Markdown renders it as its own paragraph.
    var lead = before && !/\n\n$/.test(before) ? (/\n$/.test(before) ? "\n" : "\n\n") : "";
    var tail = after && !/^\n/.test(after) ? "\n\n" : "";
    textarea.setRangeText(lead + text + tail, start, end, "end");
    textarea.dispatchEvent(new Event("input", { bubbles: true }));  // the live preview follows
    textarea.focus();
  }

  function attachUpload(holder) {
    var lang = holder.dataset.lang;
    var textarea = document.getElementById("id_body_" + lang.replace(/-/g, "_"));
    if (!textarea) { return; }
    var cursor = { start: textarea.value.length, end: textarea.value.length };
    ["select", "keyup", "click", "blur"].forEach(function (type) {
      textarea.addEventListener(type, function () {
        cursor = { start: textarea.selectionStart, end: textarea.selectionEnd };
      });
    });
    var box = document.createElement("details");
    box.className = "kb-image-insert";
    var summary = document.createElement("summary");
    summary.textContent = holder.dataset.uploadLabel;
    box.appendChild(summary);
    var file = document.createElement("input");
    file.type = "file";
    file.accept = "image/png,image/jpeg,image/webp,image/gif";
    var alt = document.createElement("input");
    alt.type = "text";
    alt.maxLength = 250;
    box.appendChild(field("kb-image-file-" + lang, holder.dataset.uploadLabel, file));
    box.appendChild(field("kb-image-alt-" + lang, holder.dataset.uploadAlt, alt));
    var send = document.createElement("button");
    send.type = "button";
    send.className = "button";
    send.textContent = holder.dataset.uploadButton;
    box.appendChild(send);
    var status = document.createElement("p");
    status.className = "kb-image-insert-status";
    status.setAttribute("role", "status");
    box.appendChild(status);

    send.addEventListener("click", function () {
      if (!file.files.length) { file.focus(); status.textContent = holder.dataset.uploadLabel; return; }
      if (!alt.value.trim()) { alt.focus(); status.textContent = holder.dataset.uploadAlt; return; }
      var data = new FormData();
      data.append("article", holder.dataset.article);
      data.append("file", file.files[0]);
      data.append("alt", alt.value.trim());
      send.disabled = true;
      status.textContent = holder.dataset.uploadBusy;
      fetch(holder.dataset.uploadUrl, {
        method: "POST", body: data, credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" }
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (answer) {
          if (!response.ok || !answer.markdown) {
            throw new Error(answer.error || "");
          }
          insertAtCursor(textarea, answer.markdown, cursor.start, cursor.end);
          status.textContent = holder.dataset.uploadDone;
          file.value = "";
          alt.value = "";
        });
      }).catch(function (error) {
        status.textContent = (holder.dataset.uploadFailed + " " + error.message).trim();
      }).then(function () { send.disabled = false; });
    });
    var input = textarea.closest(".kb-translated-input") || textarea.parentElement;
    input.appendChild(box);
  }

  function ready() {
    document.querySelectorAll(".kb-preview-links[data-upload-url]").forEach(attachUpload);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
