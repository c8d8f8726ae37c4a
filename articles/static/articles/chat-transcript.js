/* The chat's transcript in the browser (the visitor's and the agent's conversation pages):
   messages shown once by their server id, pending ones by their client id, screenshots as
   thumbnails. Message HTML comes from the server (text, with agents' links made safe
   there). Loaded with `defer` after chat-session.js, as window.KBChat.Transcript. */
(function () {
  "use strict";

  /* A transcript (the list in role="log"): messages keyed by server id, pending ones by client id. */
  function Transcript(section, ownSide) {
    this.log = section.querySelector("[role=log] ol");
    this.section = section;
    this.ownSide = ownSide; // "agent" or "visitor": whose messages are "you"
  }

  Transcript.prototype.label = function (fromAgent) {
    var data = this.section.dataset;
    if (this.ownSide === "agent") return fromAgent ? data.you : data.visitor;
    return fromAgent ? data.support : data.you;
  };

  Transcript.prototype.item = function (fromAgent, clientId) {
    var item = document.createElement("li");
    item.className = "thread-message " + (fromAgent ? "from-agent" : "from-visitor");
    if (clientId) item.dataset.client = clientId;
    var meta = document.createElement("p");
    meta.className = "thread-meta";
    var body = document.createElement("div");
    body.className = "thread-body";
    if (this.section.dataset.lang) {
      body.lang = this.section.dataset.lang;
      body.dir = this.section.dataset.dir || "auto";
    }
    item.appendChild(meta);
    item.appendChild(body);
    return item;
  };

  Transcript.prototype.show = function (message) {
    if (this.log.querySelector('[data-message="' + message.id + '"]')) return;
    var item = message.client_id &&
      this.log.querySelector('[data-client="' + CSS.escape(message.client_id) + '"]');
    if (!item) {
      item = this.item(message.from_agent, message.client_id);
      this.log.appendChild(item);
    }
    item.classList.remove("pending", "not-sent");
    item.dataset.message = message.id;
    var when = new Date(message.created_at);
    var time = document.createElement("time");
    time.dateTime = message.created_at;
    time.textContent = when.toLocaleString(document.documentElement.lang || undefined,
      { dateStyle: "medium", timeStyle: "short" });
    var meta = item.querySelector(".thread-meta");
    if (message.internal) item.className = "thread-message internal-note";
    meta.textContent = (message.internal ? this.section.dataset.note : this.label(message.from_agent)) + " · ";
    meta.appendChild(time);
    item.querySelector(".thread-body").innerHTML = message.html; // built by the server
    this.files(item, message.attachments || []);
  };

  /* A message's screenshots as thumbnails, at this side's own authorized address
     (data-file-url ends in "0/": the visitor's carries the token, the agent's is the desk's). */
  Transcript.prototype.files = function (item, attachments) {
    var old = item.querySelector(".attachments");
    if (old) old.remove();
    if (!attachments.length) return;
    var data = this.section.dataset;
    var list = document.createElement("ul");
    list.className = "attachments thumbnails";
    attachments.forEach(function (attachment, index) {
      var url = data.fileUrl.replace(/0\/$/, attachment.id + "/");
      var link = document.createElement("a");
      link.href = url;
      link.target = "_blank";
      link.rel = "noopener";
      var image = document.createElement("img");
      image.src = url;
      image.className = "thumbnail";
      image.alt = data.screenshot.replace("#", String(index + 1));
      link.appendChild(image);
      var entry = document.createElement("li");
      entry.appendChild(link);
      list.appendChild(entry);
    });
    item.appendChild(list);
  };

  Transcript.prototype.pending = function (clientId, text, fromAgent) {
    var item = this.log.querySelector('[data-client="' + CSS.escape(clientId) + '"]');
    if (item) return;
    item = this.item(fromAgent, clientId);
    item.classList.add("pending");
    item.querySelector(".thread-meta").textContent = this.section.dataset.sending;
    var paragraph = document.createElement("p");
    paragraph.textContent = text; // text until the server's copy replaces it
    paragraph.style.whiteSpace = "pre-wrap";
    item.querySelector(".thread-body").appendChild(paragraph);
    this.log.appendChild(item);
  };

  Transcript.prototype.notSent = function (clientId) {
    var item = this.log.querySelector('[data-client="' + CSS.escape(clientId) + '"]');
    if (!item || item.dataset.message) return;
    item.classList.add("not-sent");
    item.querySelector(".thread-meta").textContent = this.section.dataset.notSent;
  };

  if (window.KBChat) window.KBChat.Transcript = Transcript;
}());
