/* The live chat in the browser: the visitor's conversation page and the agent's
   conversation view (the chat page itself: chat-start.js; the workspace's queue and
   composer tools: workspace.js). Every page works without this file (plain forms,
   reloads); with it, messages travel over the WebSocket both ways (a typing indicator
   besides), or over plain HTTP when the socket cannot connect.

   Nothing is lost or doubled: each message gets an id here (client_id) and waits in
   sessionStorage until the server acknowledges it as stored; it is sent again after a
   reconnect or a reload, and the server stores it once. Messages are shown by their
   server id, so one that arrives twice is shown once (chat-transcript.js). Loaded with
   `defer` after chat-session.js and chat-transcript.js; no inline script. A waiting
   visitor's place in the queue: chat-wait.js. */
(function () {
  "use strict";

  if (!window.KBChat || !window.KBChat.Transcript) return;
  var RETRY_DELAYS = [500, 1000, 2000, 5000, 10000, 15000]; // ms between reconnects
  var POLL_INTERVAL = 3000; // ms between polls when WebSockets do not get through
  var TYPING_IDLE = 3000; // ms after the last key press: "stopped typing"
  var TYPING_SHOWN = 5000; // ms the other side's indicator stays without news
  var randomId = window.KBChat.randomId;
  var socketUrl = window.KBChat.socketUrl;
  var store = window.KBChat.store;
  var load = window.KBChat.load;
  var Transcript = window.KBChat.Transcript;

  /* One conversation, from the visitor's or an agent's side. `options`: socketPath,
     joinFrame, frame(extra) → a frame for this conversation, messagesUrl (visitors:
     the HTTP fallback), side ("visitor" or "agent"), outboxKey. */
  function Conversation(section, options) {
    this.section = section;
    this.options = options;
    this.transcript = new Transcript(section, options.side);
    this.composer = document.querySelector("form.chat-composer");
    this.textarea = this.composer && this.composer.querySelector("textarea[name=message]");
    this.status = this.composer && this.composer.querySelector(".chat-status");
    this.typingNote = section.querySelector(".chat-typing");
    this.outbox = load(options.outboxKey, []);
    this.socket = null;
    this.failures = 0;
    this.joinedOnce = false;
    this.polling = null;
    this.typingSent = false;
    this.typingShown = false; // the other side shows our indicator (a "typing" went out)
    this.typingNow = false;
    this.typingTimer = null;
    this.typingHide = null;
  }

  Conversation.prototype.start = function () {
    var self = this;
    this.outbox.forEach(function (entry) {
      self.transcript.pending(entry.client_id, entry.body, self.options.side === "agent");
    });
    if (this.composer && this.textarea) {
      this.composer.addEventListener("submit", function (event) { self.submit(event); });
      this.textarea.addEventListener("input", function () { self.typing(true); });
      this.textarea.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
          event.preventDefault();
          self.submit(event);
        }
      });
    }
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible" && !self.connected()) self.connect();
    });
    window.addEventListener("online", function () { if (!self.connected()) self.connect(); });
    this.connect();
  };

  Conversation.prototype.connected = function () {
    return this.socket && this.socket.readyState === WebSocket.OPEN && this.socket.joined;
  };

  Conversation.prototype.connect = function () {
    var self = this;
    if (this.socket && this.socket.readyState <= WebSocket.OPEN) return;
    var socket;
    try { socket = new WebSocket(socketUrl(this.options.socketPath)); } catch (error) {
      this.fallBack();
      return;
    }
    this.socket = socket;
    socket.onopen = function () { socket.send(JSON.stringify(self.options.joinFrame)); };
    socket.onmessage = function (event) { self.receive(JSON.parse(event.data)); };
    socket.onclose = function () {
      if (self.socket !== socket) return;
      delete self.section.dataset.chatLive;
      self.failures += 1;
      if (self.failures >= 2) self.fallBack();
      var delay = RETRY_DELAYS[Math.min(self.failures, RETRY_DELAYS.length - 1)];
      window.setTimeout(function () { self.connect(); }, delay);
    };
  };

  Conversation.prototype.receive = function (frame) {
    var self = this;
    if (frame.type === "joined") {
      this.socket.joined = true;
      this.joinedOnce = true;
      this.failures = 0;
      this.section.dataset.chatLive = "true";
      this.stopPolling();
      frame.messages.forEach(function (message) { self.transcript.show(message); });
      this.flush();
      // Keys pressed before the socket joined (or while it was away) still say "typing".
      this.typingSent = this.typingShown = false;
      if (this.typingNow) this.sendTyping(true);
      this.stateChanged(frame.state);
    } else if (frame.type === "ack") {
      this.typingShown = this.typingShown && this.typingNow; // its arrival hid the indicator
      this.acknowledged(frame.client_id, frame.message);
    } else if (frame.type === "message") {
      this.transcript.show(frame.message);
      if (frame.message.from_agent !== (this.options.side === "agent")) this.showTyping(false);
      if (frame.state) this.stateChanged(frame.state); // the conversation's state after it
    } else if (frame.type === "state") {
      this.stateChanged(frame.state);
      if (frame.state.transferred && this.status && this.section.dataset.transferred) {
        this.status.textContent = this.section.dataset.transferred;
      }
    } else if (frame.type === "typing") {
      this.showTyping(frame.typing);
    } else if (frame.type === "error") {
      this.refused(frame);
    }
  };

  /* A visitor's conversation solved while the page is open: the page is drawn again by
     the server, with the rating form (nothing is lost: messages are stored first). */
  Conversation.prototype.stateChanged = function (state) {
    var shown = this.section.dataset.status;
    if (this.options.side !== "visitor" || !state || !shown) return;
    if (state.status === "solved" && shown !== "solved") window.location.reload();
  };

  Conversation.prototype.acknowledged = function (clientId, message) {
    this.outbox = this.outbox.filter(function (entry) { return entry.client_id !== clientId; });
    store(this.options.outboxKey, this.outbox);
    this.transcript.show(message);
  };

  Conversation.prototype.refused = function (frame) {
    var data = this.section.dataset;
    var texts = { too_long: data.tooLong, empty: data.tooLong, throttled: data.throttled,
      solved: data.closed, full: data.full, taken: data.taken, not_agent: data.notAgent };
    if (frame.client_id && frame.code !== "throttled") {
      // Never accepted: dropped from the outbox, marked on the page.
      this.outbox = this.outbox.filter(function (entry) { return entry.client_id !== frame.client_id; });
      store(this.options.outboxKey, this.outbox);
      this.transcript.notSent(frame.client_id);
    }
    // A refused message never arrives to hide the other side's indicator: say so here.
    if (frame.client_id && this.typingShown && !this.typingNow) this.sendTyping(false);
    if (this.status && texts[frame.code]) this.status.textContent = texts[frame.code];
  };

  Conversation.prototype.submit = function (event) {
    // Screenshots travel by the form's own POST (multipart, checked like the contact
    // form's), never over the socket; the page reloads with the message, and the other
    // side hears of it live.
    var files = this.composer.querySelector("input[type=file]");
    if (files && files.files.length) {
      if (event.type === "keydown") this.composer.requestSubmit();
      return;
    }
    // An agent whose socket never joined (WebSockets blocked) sends the form itself (a
    // plain POST, then a reload); once joined, a dropped socket (a server restarting)
    // keeps the message in the outbox, sent when the socket joins again.
    if (this.options.side === "agent" && !this.connected() && !this.joinedOnce) {
      if (event.type === "keydown") this.composer.requestSubmit();
      return;
    }
    event.preventDefault();
    var text = this.textarea.value.trim();
    if (!text) return;
    var entry = { client_id: randomId(16), body: text };
    if (this.composer.solve && this.composer.solve.checked) entry.solve = true;
    if (this.composer.internal && this.composer.internal.checked) entry.internal = true;
    this.outbox.push(entry);
    store(this.options.outboxKey, this.outbox);
    this.transcript.pending(entry.client_id, text, this.options.side === "agent");
    this.textarea.value = "";
    if (this.composer.solve) this.composer.solve.checked = false;
    if (this.composer.internal) this.composer.internal.checked = false;
    if (this.status) this.status.textContent = "";
    // The message itself tells the other side that typing stopped (its arrival hides the
    // indicator there): no "stopped" frame before it. An internal note, which the visitor
    // never receives, still sends one.
    this.typing(false, !entry.internal);
    this.send(entry);
  };

  Conversation.prototype.send = function (entry) {
    if (this.connected()) {
      var frame = this.options.frame({ type: "message", client_id: entry.client_id, body: entry.body });
      if (entry.solve) frame.solve = true;
      if (entry.internal) frame.internal = true;
      this.socket.send(JSON.stringify(frame));
    } else if (this.polling && this.options.messagesUrl) {
      this.post(entry);
    }
  };

  Conversation.prototype.flush = function () {
    var self = this;
    this.outbox.forEach(function (entry) { self.send(entry); });
  };

  // `quietly`: change the state without telling the other side (a message is on its way).
  Conversation.prototype.typing = function (active, quietly) {
    var self = this;
    window.clearTimeout(this.typingTimer);
    if (active) this.typingTimer = window.setTimeout(function () { self.typing(false); }, TYPING_IDLE);
    this.typingNow = active;
    if (active === this.typingSent) return;
    if (quietly) this.typingSent = active;
    else this.sendTyping(active);
  };

  Conversation.prototype.sendTyping = function (active) {
    if (!this.connected()) return;
    this.typingSent = this.typingShown = active;
    this.socket.send(JSON.stringify(this.options.frame({ type: "typing", typing: active })));
  };

  Conversation.prototype.showTyping = function (active) {
    var note = this.typingNote;
    if (!note) return;
    window.clearTimeout(this.typingHide);
    note.hidden = !active;
    if (active) this.typingHide = window.setTimeout(function () { note.hidden = true; }, TYPING_SHOWN);
  };

  /* Plain HTTP, for networks that block WebSockets (visitors only: agents reload). */
  Conversation.prototype.fallBack = function () {
    var self = this;
    if (this.polling || !this.options.messagesUrl) return;
    this.polling = window.setInterval(function () { self.poll(); }, POLL_INTERVAL);
    this.poll();
    this.flush();
  };

  Conversation.prototype.stopPolling = function () {
    window.clearInterval(this.polling);
    this.polling = null;
  };

  Conversation.prototype.poll = function () {
    var self = this;
    fetch(this.options.messagesUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        data.messages.forEach(function (message) { self.transcript.show(message); });
        self.stateChanged(data.state);
      })
      .catch(function () { /* offline: the next poll tries again */ });
  };

  Conversation.prototype.post = function (entry) {
    var self = this;
    var form = new FormData();
    form.append("client_id", entry.client_id);
    form.append("message", entry.body);
    fetch(this.options.messagesUrl, {
      method: "POST", body: form, credentials: "same-origin", headers: { Accept: "application/json" }
    })
      .then(function (response) { return response.json(); })
      .then(function (frame) {
        if (frame.type === "ack") self.acknowledged(frame.client_id, frame.message);
        else self.refused(frame);
      })
      .catch(function () { self.transcript.notSent(entry.client_id); });
  };

  function setUp() {
    if (!window.WebSocket || !window.fetch || !window.crypto || !window.CSS) return;
    var visitor = document.querySelector("[data-chat-visitor]");
    if (visitor) {
      var token = visitor.dataset.token;
      new Conversation(visitor, {
        side: "visitor",
        socketPath: visitor.dataset.socket,
        joinFrame: { type: "join", token: token },
        frame: function (frame) { return frame; },
        messagesUrl: visitor.dataset.messagesUrl,
        outboxKey: "kb-chat-outbox-" + token.slice(0, 8)
      }).start();
    }
    var agent = document.querySelector("[data-chat-agent]");
    if (agent) {
      var reference = agent.dataset.reference;
      new Conversation(agent, {
        side: "agent",
        socketPath: agent.dataset.socket,
        joinFrame: { type: "watch", reference: reference },
        frame: function (frame) { frame.reference = reference; return frame; },
        messagesUrl: null,
        outboxKey: "kb-chat-agent-" + reference
      }).start();
    }
  }

  setUp();
}());
