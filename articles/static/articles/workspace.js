/* The agents' workspace in the browser: the live list of conversations (its view kept up
   to date from the `support-queue` events), ticking timers, the title badge and the
   optional sound on a new chat; and the composer's tools on a conversation's page
   (articles found as the agent types, canned replies, inserted at the cursor).

   Every page works without this file: the views are links, the timers are rendered by
   the server, the article search is a form whose results carry the text to copy.
   Strings come from the page's data- attributes (translated there); no inline script. */
(function () {
  "use strict";

  var RETRY_DELAYS = [500, 1000, 2000, 5000, 10000, 15000]; // ms between reconnects
  var TICK = 15000; // ms between two updates of the timers
  var SEARCH_DELAY = 250; // ms after the last key press before the composer searches
  var HEARTBEAT = 25000; // ms between the workspace's signs of life (articles/support/presence.py)
  var SOUND_KEY = "kb-workspace-sound"; // localStorage: "on" plays a sound on a new chat

  function socketUrl(path) {
    return (location.protocol === "https:" ? "wss://" : "ws://") + location.host + path;
  }

  function language() {
    return document.documentElement.lang || undefined;
  }

  /* "5 minutes", "2 hours 3 minutes" in the page's language (Intl's own unit names). */
  function duration(milliseconds) {
    var minutes = Math.max(0, Math.floor(milliseconds / 60000));
    function unit(value, name) {
      return new Intl.NumberFormat(language(), { style: "unit", unit: name, unitDisplay: "long" })
        .format(value);
    }
    if (minutes < 60) return unit(minutes, "minute");
    return unit(Math.floor(minutes / 60), "hour") + " " + unit(minutes % 60, "minute");
  }

  function tick(root) {
    var now = Date.now();
    root.querySelectorAll("time[data-since]").forEach(function (time) {
      time.textContent = duration(now - new Date(time.dataset.since).getTime());
    });
  }

  function readSetting(key) {
    try { return localStorage.getItem(key); } catch (error) { return null; }
  }

  function writeSetting(key, value) {
    try { localStorage.setItem(key, value); } catch (error) { /* private mode: this page only */ }
  }

  /* One row of the list, as _queue_row.html renders it. */
  function rowItem(section, labels, data) {
    var item = document.createElement("li");
    item.className = "queue-row";
    item.dataset.reference = data.reference;
    item.dataset.status = data.status;
    var head = document.createElement("p");
    head.className = "queue-head";
    var link = document.createElement("a");
    link.href = section.dataset.urlTemplate.replace("REFERENCE", encodeURIComponent(data.reference));
    link.textContent = data.reference;
    head.appendChild(link);
    head.appendChild(document.createTextNode(" " + [
      labels.channels[data.channel] || data.channel,
      labels.languages[data.language] || data.language,
      labels.statuses[data.status] || data.status,
      data.agent || section.dataset.unassigned
    ].join(" · ")));
    var timers = document.createElement("p");
    timers.className = "queue-timers";
    function timer(className, label, since, fixed) {
      var span = document.createElement("span");
      span.className = "timer " + className;
      span.appendChild(document.createTextNode(label + " "));
      var time = document.createElement(fixed ? "span" : "time");
      if (fixed) time.textContent = fixed;
      else { time.dateTime = since; time.dataset.since = since; }
      span.appendChild(time);
      timers.appendChild(span);
      timers.appendChild(document.createTextNode(" "));
    }
    if (data.waiting_since) timer("waiting", section.dataset.waiting, data.waiting_since);
    if (data.first_response_at) {
      var took = new Date(data.first_response_at) - new Date(data.created_at);
      timer("answered", section.dataset.answered, null, duration(took));
    } else {
      timer("unanswered", section.dataset.unanswered, data.created_at);
    }
    if (data.released) {
      var released = document.createElement("strong");
      released.className = "queue-released";
      released.textContent = " · " + section.dataset.released;
      head.appendChild(released);
    }
    var first = document.createElement("p");
    first.className = "queue-first";
    first.lang = data.language;
    first.dir = "auto";
    first.textContent = data.first_message;
    item.appendChild(head);
    item.appendChild(timers);
    item.appendChild(first);
    tick(item);
    return item;
  }

  function inView(view, me, data) {
    if (data.status === "solved") return false;
    if (view === "unassigned") return !data.agent;
    if (view === "mine") return data.agent === me;
    return true;
  }

  /* The list: rows added, moved and removed as conversations change. */
  function setUpQueue(section) {
    var list = section.querySelector("[data-queue-list]");
    var count = section.querySelector("[data-queue-count]");
    var empty = section.querySelector("[data-queue-empty]");
    var notice = section.querySelector("[data-queue-notice]");
    var labels = JSON.parse(section.dataset.labels);
    var view = section.dataset.view;
    var me = section.dataset.me;
    var badge = new Set(JSON.parse(section.dataset.badge)); // waiting, nobody has them
    var agents = {}; // reference → agent, to notice a conversation given to this agent
    var baseTitle = document.title;
    var failures = 0;
    var sound = new Audio(section.dataset.sound);
    var toggle = section.querySelector("[data-sound-toggle]");
    var box = toggle.querySelector("input");
    box.checked = readSetting(SOUND_KEY) === "on";
    box.addEventListener("change", function () { writeSetting(SOUND_KEY, box.checked ? "on" : "off"); });
    toggle.hidden = false;

    function showBadge() {
      document.title = badge.size ? "(" + badge.size + ") " + baseTitle : baseTitle;
    }

    function update(data) {
      var isNew = data.status === "new" && !data.agent;
      var wasWaiting = badge.has(data.reference);
      if (isNew) badge.add(data.reference); else badge.delete(data.reference);
      if (isNew && !wasWaiting && data.channel === "chat" && box.checked) {
        sound.play().catch(function () { /* the browser wants a click on the page first */ });
      }
      if (data.agent === me && agents[data.reference] !== undefined && agents[data.reference] !== me) {
        notice.textContent = section.dataset.assignedToYou + " " + data.reference;
        notice.hidden = false;
      }
      agents[data.reference] = data.agent;
      var old = list.querySelector('[data-reference="' + CSS.escape(data.reference) + '"]');
      if (inView(view, me, data)) {
        var item = rowItem(section, labels, data);
        if (old) list.replaceChild(item, old); else list.appendChild(item);
      } else if (old) {
        old.remove();
      }
      count.textContent = String(list.children.length);
      empty.hidden = list.children.length > 0;
      showBadge();
    }

    list.querySelectorAll("[data-reference]").forEach(function (item) {
      agents[item.dataset.reference] = null; // known; its agent comes with its first event
    });

    var presenceList = document.querySelector("[data-presence-list]");
    function showPresence(available) {
      if (!presenceList) return;
      presenceList.textContent = available.length ? available.join(", ") : presenceList.dataset.nobody;
    }

    function connect() {
      var socket = new WebSocket(socketUrl(section.dataset.socket));
      var beat = null;
      socket.onopen = function () {
        socket.send(JSON.stringify({ type: "queue" }));
        socket.send(JSON.stringify({ type: "heartbeat" }));
        beat = window.setInterval(function () {
          socket.send(JSON.stringify({ type: "heartbeat" }));
        }, HEARTBEAT);
      };
      socket.onmessage = function (event) {
        var frame = JSON.parse(event.data);
        if (frame.type === "queued") failures = 0;
        if (frame.type === "queue") frame.rows.forEach(update);
        if (frame.type === "presence") showPresence(frame.available);
      };
      socket.onclose = function () {
        window.clearInterval(beat);
        failures += 1;
        window.setTimeout(connect, RETRY_DELAYS[Math.min(failures, RETRY_DELAYS.length - 1)]);
      };
    }
    showBadge();
    connect();
  }

  function insertAtCursor(textarea, text) {
    var start = textarea.selectionStart;
    var end = textarea.selectionEnd;
    var before = textarea.value.slice(0, start);
    var spaced = (before && !/\s$/.test(before) ? " " : "") + text;
    textarea.value = before + spaced + textarea.value.slice(end);
    var caret = start + spaced.length;
    textarea.focus();
    textarea.setSelectionRange(caret, caret);
    textarea.dispatchEvent(new Event("input"));
  }

  function insertButton(tools, textarea, text) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button secondary";
    button.textContent = tools.dataset.insert;
    button.addEventListener("click", function () { insertAtCursor(textarea, text); });
    return button;
  }

  /* The composer's tools: articles as the agent types, canned replies; inserted at the cursor. */
  function setUpComposer(tools) {
    var textarea = document.querySelector("form.chat-composer textarea[name=message]");
    if (!textarea) return;
    var field = tools.querySelector("input[name=articles_q]");
    var results = tools.querySelector("[data-composer-results]");
    var timer = null;
    var asked = 0;

    function show(hits) {
      results.textContent = "";
      if (!hits.length) {
        var none = document.createElement("li");
        none.className = "muted";
        none.textContent = tools.dataset.none;
        results.appendChild(none);
      }
      hits.forEach(function (hit) {
        var item = document.createElement("li");
        var title = document.createElement("span");
        title.lang = hit.lang;
        title.dir = "auto";
        title.textContent = hit.title;
        item.appendChild(title);
        if (hit.agent_title) {
          var agentTitle = document.createElement("span");
          agentTitle.className = "muted";
          agentTitle.lang = hit.agent_lang;
          agentTitle.dir = "auto";
          agentTitle.textContent = " — " + hit.agent_title;
          item.appendChild(agentTitle);
        }
        item.appendChild(document.createTextNode(" "));
        item.appendChild(insertButton(tools, textarea, hit.text));
        results.appendChild(item);
      });
    }

    function search() {
      var query = field.value.trim();
      var number = ++asked;
      if (!query) { results.textContent = ""; return; }
      fetch(tools.dataset.url + "?q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" }, credentials: "same-origin"
      })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data && number === asked) show(data.results); })
        .catch(function () { /* offline: the form still searches */ });
    }

    field.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, SEARCH_DELAY);
    });
    tools.querySelector("form.composer-search").addEventListener("submit", function (event) {
      event.preventDefault();
      search();
    });
    results.querySelectorAll("[data-insert-text]").forEach(function (input) {
      input.parentNode.parentNode.appendChild(insertButton(tools, textarea, input.value));
    });
    tools.querySelectorAll("[data-canned]").forEach(function (item) {
      item.appendChild(insertButton(tools, textarea, item.dataset.text));
    });
  }

  function setUp() {
    var queue = document.querySelector("[data-chat-queue]");
    if (queue && window.WebSocket && window.CSS && window.Set) setUpQueue(queue);
    var tools = document.querySelector("[data-composer-tools]");
    if (tools && window.fetch) setUpComposer(tools);
    if (window.Intl && Intl.NumberFormat) {
      tick(document);
      window.setInterval(function () { tick(document); }, TICK);
    }
  }

  setUp();
}());
