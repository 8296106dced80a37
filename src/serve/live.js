// letopis serve: reloads the page after each rebuild, keeping the scroll position, and
// shows the problems of a rebuild that failed. `letopis serve` adds this script to the
// pages it serves; a built or archived site never has it.
(function () {
  "use strict";
  var script = document.currentScript;
  var build = script ? script.getAttribute("data-build") : "";
  var key = "letopis-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var restore = function () { window.scrollTo(0, Number(saved)); };
    restore();
    window.addEventListener("load", restore);
  }

  var overlay = null;
  var dismissed = null;
  var events = new EventSource("/__letopis/events");
  events.addEventListener("status", function (event) {
    var status = JSON.parse(event.data);
    if (status.build > 0 && String(status.build) !== build) {
      sessionStorage.setItem(key, String(window.scrollY));
      events.close();
      location.reload();
      return;
    }
    show(status.problems, status.words);
  });

  function show(problems, words) {
    var shown = JSON.stringify(problems);
    if (overlay) { overlay.remove(); overlay = null; }
    if (problems.length === 0 || shown === dismissed) { return; }
    overlay = element("section", "position:fixed;top:0;left:0;right:0;max-height:80vh;" +
      "overflow:auto;z-index:2147483647;background:#fff6f5;color:#1b1b1b;" +
      "border-bottom:4px solid #b3261e;box-shadow:0 4px 16px rgba(0,0,0,.3);" +
      "padding:1rem 1.25rem;font:15px/1.45 system-ui,sans-serif;text-align:left");
    overlay.id = "letopis-problems";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-labelledby", "letopis-problems-title");
    var close = element("button", "float:right;font:inherit;padding:.25rem .75rem;cursor:pointer");
    close.type = "button";
    close.textContent = words.close;
    close.addEventListener("click", function () {
      dismissed = shown;
      overlay.remove();
      overlay = null;
    });
    overlay.appendChild(close);
    var title = element("h2", "margin:0 0 .75rem;font-size:1.1rem");
    title.id = "letopis-problems-title";
    title.textContent = words.heading;
    overlay.appendChild(title);
    problems.forEach(function (p) { overlay.appendChild(problem(p, words)); });
    document.body.appendChild(overlay);
  }

  function problem(p, words) {
    var item = element("div", "margin:0 0 1rem");
    item.className = "letopis-problem";
    var where = p.file + (p.line ? ":" + p.line + ":" + p.column : "");
    var head = element("p", "margin:0");
    var place = element("code", "font-weight:bold");
    place.textContent = where;
    head.appendChild(place);
    head.appendChild(document.createTextNode(": " + words[p.severity] + ": " + p.message));
    item.appendChild(head);
    if (p.source_line !== undefined) {
      var line = element("pre", "margin:.25rem 0;padding:.25rem .5rem;background:#fff;" +
        "border:1px solid #e0c0bc;overflow:auto;white-space:pre-wrap");
      line.textContent = p.line + " | " + p.source_line;
      item.appendChild(line);
    }
    if (p.hint !== undefined) {
      var hint = element("p", "margin:0");
      hint.textContent = words.hint + ": " + p.hint;
      item.appendChild(hint);
    }
    return item;
  }

  function element(name, style) {
    var e = document.createElement(name);
    e.style.cssText = style;
    return e;
  }
})();
