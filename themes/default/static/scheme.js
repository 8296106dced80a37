// The reader's colour scheme. Loaded without `defer` in <head>, so the scheme the reader
// chose is on <html data-scheme> before the page is first painted and a dark page never
// flashes light. Without a choice, style.css follows the system (prefers-color-scheme).
// Without JavaScript the toggle stays hidden and the system's scheme is used.
(function () {
  "use strict";
  var KEY = "letopis-scheme";
  var root = document.documentElement;
  var systemDark = window.matchMedia("(prefers-color-scheme: dark)");

  // localStorage throws on some pages opened from a file and in some private modes: the choice
  // then lasts as long as the page.
  function stored() {
    try {
      return window.localStorage.getItem(KEY);
    } catch (e) {
      return null;
    }
  }
  function store(scheme) {
    try {
      window.localStorage.setItem(KEY, scheme);
    } catch (e) {
      // Not kept; nothing else to do.
    }
  }
  function current() {
    return root.getAttribute("data-scheme") || (systemDark.matches ? "dark" : "light");
  }

  var kept = stored();
  if (kept === "dark" || kept === "light") {
    root.setAttribute("data-scheme", kept);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector(".scheme-toggle");
    if (!button) {
      return;
    }
    function show() {
      button.setAttribute("aria-pressed", String(current() === "dark"));
    }
    button.addEventListener("click", function () {
      var next = current() === "dark" ? "light" : "dark";
      root.setAttribute("data-scheme", next);
      store(next);
      show();
    });
    systemDark.addEventListener("change", show);
    show();
    button.hidden = false;
  });
})();
