/* What the chat's scripts share (chat-start.js, chat-transcript.js, chat.js): ids drawn
   in the browser, the sockets' address, and sessionStorage, which survives reloads (in a
   private window, where it fails, values live in memory only). Loaded with `defer` before
   them, as window.KBChat; no inline script. */
(function () {
  "use strict";

  function randomId(bytes) {
    var values = new Uint8Array(bytes);
    window.crypto.getRandomValues(values);
    var text = "";
    for (var i = 0; i < values.length; i++) text += String.fromCharCode(values[i]);
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function socketUrl(path) {
    return (location.protocol === "https:" ? "wss://" : "ws://") + location.host + path;
  }

  function store(key, value) {
    try {
      if (value === null) sessionStorage.removeItem(key);
      else sessionStorage.setItem(key, JSON.stringify(value));
    } catch (error) { /* private mode: the outbox lives in memory only */ }
  }

  function load(key, fallback) {
    try { return JSON.parse(sessionStorage.getItem(key)) || fallback; } catch (error) { return fallback; }
  }

  window.KBChat = { randomId: randomId, socketUrl: socketUrl, store: store, load: load };
}());
