/* The chat page in the browser (/<lang>/chat/): articles offered as the visitor types,
   and the first message, which opens the conversation (its page then takes over:
   chat.js). Without this file the page is a plain form. Loaded with `defer` after
   chat-session.js; no inline script. */
(function () {
  "use strict";

  if (!window.KBChat || !window.WebSocket || !window.fetch || !window.crypto || !window.CSS) return;
  var randomId = window.KBChat.randomId;
  var store = window.KBChat.store;
  var load = window.KBChat.load;

  /* Articles before a human: the offers list of the chat page (the server renders the same
     markup without JavaScript). As the visitor types, the matches come from
     /<lang>/chat/offers/ (the page's language, ranked as on Send, never logged); after
     "Send", the server's own offer replaces them. */
  function Offers(section, form) {
    this.section = section;
    this.box = form.querySelector("[data-chat-offers]");
    this.list = form.querySelector("[data-chat-offer-list]");
    this.offered = form.querySelector("[data-chat-offered]");
    this.send = form.querySelector("[data-chat-send]");
    this.timer = null;
    this.asked = "";
  }

  Offers.prototype.show = function (articles) {
    var self = this;
    if (!this.box) return;
    this.list.textContent = "";
    articles.forEach(function (article) {
      var item = document.createElement("li");
      item.className = "chat-offer";
      var link = document.createElement("a");
      link.href = article.url;
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = article.title;
      item.appendChild(link);
      if (article.summary) {
        var summary = document.createElement("p");
        summary.className = "muted";
        summary.textContent = article.summary;
        item.appendChild(summary);
      }
      var button = document.createElement("button");
      button.type = "submit";
      button.className = "button secondary";
      button.name = "solved";
      button.value = String(article.id);
      button.textContent = self.section.dataset.solvedLabel;
      item.appendChild(button);
      self.list.appendChild(item);
    });
    this.offered.value = String(articles.length);
    this.box.hidden = articles.length === 0;
  };

  /* The server offered articles after "Send": the main button now means "talk to a person". */
  Offers.prototype.offeredByServer = function (articles) {
    this.show(articles);
    this.send.name = "choice";
    this.send.value = "person";
    this.send.textContent = this.send.dataset.personLabel;
  };

  Offers.prototype.typed = function (text) {
    var self = this;
    window.clearTimeout(this.timer);
    var query = text.trim().slice(0, 200); // the search's limit (MAX_QUERY_LENGTH)
    if (query.length < 3 || query === this.asked) return;
    this.timer = window.setTimeout(function () {
      self.asked = query;
      var url = self.section.dataset.offersUrl + "?q=" + encodeURIComponent(query);
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data || self.send.name === "choice") return; // the server's offer stays
          self.show(data.articles);
        })
        .catch(function () { /* offline: no suggestions, the chat still works */ });
    }, 400);
  };

  /* The chat page: the first message opens the conversation, then its page takes over. */
  function setUpStart(section) {
    var form = section.querySelector("form.chat-composer");
    var status = form.querySelector(".chat-status");
    var offers = new Offers(section, form);
    var pending = load("kb-chat-start", null);
    form.message.addEventListener("input", function () { offers.typed(form.message.value); });
    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      // "This solved it" is a plain POST: the server records it and says so.
      if (submitter && submitter.name === "solved") return;
      event.preventDefault();
      var message = form.message.value.trim();
      if (!message || message.length > 5000) { status.textContent = section.dataset.invalid; return; }
      // The token and the message's id are drawn here once: sending again (a lost answer)
      // finds the same conversation instead of opening a second.
      if (!pending || pending.message !== message) {
        pending = { token: randomId(24), client_id: randomId(16), message: message };
        store("kb-chat-start", pending);
      }
      form.token.value = pending.token;
      form.client_id.value = pending.client_id;
      var body = new FormData(form);
      if (submitter && submitter.name) body.append(submitter.name, submitter.value);
      var button = form.querySelector("[data-chat-send]");
      button.disabled = true;
      fetch(form.action, {
        method: "POST", body: body, credentials: "same-origin",
        headers: { Accept: "application/json" }
      })
        .then(function (response) {
          if (response.status === 400) {
            button.disabled = false;
            status.textContent = section.dataset.invalid;
            return null;
          }
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function (data) {
          if (!data) return;
          if (data.type === "offers") {
            button.disabled = false;
            offers.offeredByServer(data.articles);
            return;
          }
          store("kb-chat-start", null);
          location.replace(data.url);
        })
        .catch(function () {
          button.disabled = false;
          status.textContent = section.dataset.error;
        });
    });
  }

  var section = document.querySelector("[data-chat-start]");
  if (section) setUpStart(section);
}());
