// Reading aids of a chapter page: highlighting a register's mentions on demand, and
// preview cards for mentions, note calls and citations.
//
// Everything comes from the page: the toggles (rendered hidden, shown here), and the
// cards' data in script.reader-data, made by letopis for the entries and sources this
// page names (a note's card shows the note, which is in the page). Nothing is fetched,
// so this works from a copy opened from disk. Without JavaScript the mentions are
// plain links and the toggles stay hidden.
(function () {
  "use strict";
  var node = document.querySelector("script.reader-data");
  if (!node || !window.JSON) { return; }
  var data;
  try { data = JSON.parse(node.textContent); } catch (e) { return; }

  // ---- Highlighting: the kinds switched on are kept for the edition, by its root.
  var KEY = "letopis-highlight:" + new URL(data.root || "./", location.href).pathname;

  function stored() {
    try {
      var kinds = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(kinds) ? kinds : [];
    } catch (e) { return []; } // a page opened from disk, or private browsing, may refuse storage
  }

  function store(kinds) {
    try { window.localStorage.setItem(KEY, JSON.stringify(kinds)); } catch (e) { /* kept for this page only */ }
  }

  // Marks (or unmarks) every mention of `kind` with its colour slot.
  function mark(kind, slot, on) {
    document.documentElement.classList.toggle("highlight-" + kind, on);
    var mentions = document.querySelectorAll("a.mention-" + kind);
    for (var i = 0; i < mentions.length; i++) {
      mentions[i].classList.toggle("hl", on);
      mentions[i].classList.toggle("hl-" + slot, on);
    }
  }

  var group = document.querySelector(".highlight-toggles");
  if (group) {
    var chosen = stored();
    var buttons = group.querySelectorAll("button[data-kind]");
    Array.prototype.forEach.call(buttons, function (button) {
      var kind = button.getAttribute("data-kind");
      var slot = button.getAttribute("data-slot");
      var set = function (on) {
        button.setAttribute("aria-pressed", on ? "true" : "false");
        mark(kind, slot, on);
      };
      set(chosen.indexOf(kind) >= 0);
      button.addEventListener("click", function () {
        var on = button.getAttribute("aria-pressed") !== "true";
        set(on);
        var kinds = stored().filter(function (k) { return k !== kind; });
        if (on) { kinds.push(kind); }
        store(kinds);
      });
    });
    group.hidden = false;
  }

  // ---- Previews: one card, shown for the link under the mouse or with the focus.
  var card = document.createElement("div");
  card.id = "reader-preview";
  card.className = "preview-card";
  card.setAttribute("role", "tooltip");
  card.hidden = true;
  document.body.appendChild(card);
  var owner = null;      // the link whose card is shown
  var dismissed = null;  // the link whose card Esc closed: not reopened while it keeps the focus
  var touched = false;   // the focus comes from a tap, which opens the card on its click
  var pointer = "";      // the kind of the last pointer pressed: "mouse", "touch", "pen"
  var tapped = null;     // the link whose card a tap opened: the next tap on it follows it
  var showing = 0;
  var hiding = 0;

  // The link that `target` is in, when it has a card.
  function previewed(target) {
    var link = target && target.closest && target.closest("a[href]");
    if (!link || card.contains(link)) { return null; }
    var href = link.getAttribute("href");
    if (link.classList.contains("mention")) { return data.entries[href] ? link : null; }
    if (link.closest(".citation")) { return data.sources[href] ? link : null; }
    var call = link.closest(".note-ref");
    if (!call || href.charAt(0) !== "#") { return null; }
    // A note shown beside its call, in the margin of a wide screen, needs no card.
    var beside = call.nextElementSibling;
    var shown = beside && beside.classList.contains("sidenote") && beside.getClientRects().length > 0;
    return shown ? null : link;
  }

  // Adds a paragraph to the card; with `href`, its text is a link (a pointer's way
  // there: from the keyboard, the previewed link itself leads there).
  function add(className, text, href) {
    var paragraph = document.createElement("p");
    paragraph.className = className;
    var inner = paragraph;
    if (href) {
      inner = document.createElement("a");
      inner.href = href;
      inner.tabIndex = -1;
      paragraph.appendChild(inner);
    }
    inner.textContent = text;
    card.appendChild(paragraph);
  }

  // The locator a citation gives after the source's link: ". С. 38" in "…1936. С. 38]".
  function locator(link) {
    var next = link.nextSibling;
    var text = next && next.nodeType === 3 ? next.nodeValue : "";
    return text.split(/[\];]/)[0].replace(/^[\s.,]+/, "").trim();
  }

  // Fills the card for `link`; false when there is nothing to show.
  function fill(link) {
    var href = link.getAttribute("href");
    card.textContent = "";
    if (link.classList.contains("mention")) {
      var entry = data.entries[href];
      add("preview-title", entry.name, href);
      if (entry.text) { add("preview-text", entry.text); }
      add("preview-count", entry.count);
    } else if (link.closest(".citation")) {
      var source = data.sources[href];
      add("preview-title", source.title, href);
      if (source.archival) { add("preview-text", source.archival); }
      var at = locator(link);
      if (at) { add("preview-locator", at); }
    } else {
      var note = document.getElementById(decodeURIComponent(href.slice(1)));
      if (!note) { return false; }
      // On a touchscreen the call's tap opened this card: its title leads on to the note.
      add("preview-title", data.note + " " + link.textContent.trim(), href);
      var text = (note.querySelector(".note-text") || note).cloneNode(true);
      var inner = text.querySelectorAll("[id], a, .backlink");
      for (var i = 0; i < inner.length; i++) {
        if (inner[i].classList.contains("backlink")) { inner[i].remove(); continue; }
        inner[i].removeAttribute("id");
        if (inner[i].tagName === "A") { inner[i].tabIndex = -1; }
      }
      text.removeAttribute("id");
      card.appendChild(text);
    }
    return true;
  }

  // Puts the card under the link's first line, or over it when there is no room below,
  // inside the viewport; absolutely placed, so the text never moves.
  function place(link) {
    var line = link.getClientRects()[0] || link.getBoundingClientRect();
    var width = card.offsetWidth;
    var height = card.offsetHeight;
    var viewport = document.documentElement.clientWidth;
    var left = Math.max(8, Math.min(line.left, viewport - width - 8));
    var top = line.bottom + 6;
    if (top + height > window.innerHeight - 8 && line.top - height - 6 > 8) {
      top = line.top - height - 6;
    }
    card.style.left = (left + window.scrollX) + "px";
    card.style.top = (top + window.scrollY) + "px";
  }

  function show(link) {
    clearTimeout(hiding);
    if (owner === link) { return; }
    hide();
    if (!fill(link)) { return; }
    owner = link;
    // The card says what the title said; the browser's own tooltip would cover it.
    link.removeAttribute("title");
    link.setAttribute("aria-describedby", card.id);
    card.hidden = false;
    place(link);
  }

  function hide() {
    clearTimeout(showing);
    clearTimeout(hiding);
    card.hidden = true;
    if (owner) { owner.removeAttribute("aria-describedby"); }
    owner = null;
    tapped = null;
  }

  document.addEventListener("focusin", function (event) {
    var link = previewed(event.target);
    if (link && link !== dismissed && !touched) { show(link); }
    else if (!card.contains(event.target)) { hide(); }
    touched = false;
  });
  document.addEventListener("focusout", function (event) {
    if (event.target === dismissed) { dismissed = null; }
  });
  // A tap (a finger or a pen, which have no hover) on a link with a card opens the card
  // instead of following the link; a second tap on it, or on the card's own link,
  // follows; a tap elsewhere closes the card. A click from the mouse or the keyboard
  // (Enter, which has no pointer) follows at once, as ever.
  function tap(type) { return type === "touch" || type === "pen"; }
  document.addEventListener("pointerdown", function (event) {
    pointer = event.pointerType;
    touched = tap(pointer);
    if (touched && owner && !card.contains(event.target) && previewed(event.target) !== owner) { hide(); }
  });
  document.addEventListener("click", function (event) {
    // A click from the keyboard has no pointer type (or, in older browsers, no detail).
    var type = event.pointerType !== undefined ? event.pointerType : (event.detail ? pointer : "");
    if (!tap(type)) { return; }
    var link = previewed(event.target);
    if (!link || tapped === link) { return; }
    event.preventDefault();
    show(link);
    if (owner === link) { tapped = link; }
  });
  document.addEventListener("pointerover", function (event) {
    if (event.pointerType === "touch") { return; }
    if (card.contains(event.target)) { clearTimeout(hiding); return; }
    var link = previewed(event.target);
    if (!link) { return; }
    clearTimeout(hiding);
    clearTimeout(showing);
    showing = setTimeout(function () { show(link); }, 150);
  });
  document.addEventListener("pointerout", function (event) {
    if (event.pointerType === "touch") { return; }
    var to = event.relatedTarget;
    var inside = function (element) { return element && (card.contains(element) || (owner && owner.contains(element))); };
    if (inside(to)) { return; }
    clearTimeout(showing);
    if (owner && document.activeElement !== owner) { hiding = setTimeout(hide, 300); }
  });
  document.addEventListener("keydown", function (event) {
    touched = false;
    pointer = "";
    if (event.key !== "Escape" || !owner) { return; }
    var link = owner;
    var focusInCard = card.contains(document.activeElement);
    hide();
    if (document.activeElement === link || focusInCard) {
      dismissed = link;
      link.focus();
    }
  });
  window.addEventListener("resize", hide);
})();
