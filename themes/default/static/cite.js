// "Cite this passage": the ¶ beside a passage copies its citation at once and opens a
// dialog with the citation as text, CSL-JSON and BibTeX, each with its own copy button;
// the key "c" (or the Cyrillic "с" the same key types on a Russian layout) does the same
// for the passage in the address (#p-12), or for the page.
// The citations are made by letopis and lie in the page (script.cite-data), so this
// works from a copy opened from disk, with no request. Without JavaScript the ¶ is a plain link.
(function () {
  "use strict";
  var data = document.querySelector("script.cite-data");
  if (!data || !window.JSON) { return; }
  var cite = JSON.parse(data.textContent);
  var words = cite.words;
  var FORMS = [["text", words.text], ["csl", "CSL-JSON"], ["bibtex", "BibTeX"]];
  var PASSAGE = /^p-(\d+)$/;

  function forms(id) {
    var match = id && PASSAGE.exec(id);
    if (!match) { return cite.page; }
    var fill = function (s) { return s.split("%ID%").join(id).split("%N%").join(match[1]); };
    return { text: fill(cite.passage.text), csl: fill(cite.passage.csl), bibtex: fill(cite.passage.bibtex) };
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* the text stays shown to select by hand */ }
    document.body.removeChild(area);
  }

  function copy(text, button) {
    var done = function () {
      if (!button) { return; }
      button.textContent = words.copied;
      setTimeout(function () { button.textContent = words.copy; }, 2000);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
    } else {
      fallbackCopy(text);
      done();
    }
  }

  var dialog = document.createElement("dialog");
  dialog.className = "cite-dialog";
  var title = document.createElement("h2");
  dialog.appendChild(title);
  var shown = {};
  var buttons = {};
  FORMS.forEach(function (form) {
    var section = document.createElement("section");
    var label = document.createElement("h3");
    label.textContent = form[1];
    var pre = document.createElement("pre");
    pre.className = "cite-form cite-" + form[0];
    var button = document.createElement("button");
    button.type = "button";
    button.className = "cite-copy";
    button.textContent = words.copy;
    button.addEventListener("click", function () { copy(pre.textContent, button); });
    section.appendChild(label);
    section.appendChild(pre);
    section.appendChild(button);
    dialog.appendChild(section);
    shown[form[0]] = pre;
    buttons[form[0]] = button;
  });
  var close = document.createElement("button");
  close.type = "button";
  close.className = "cite-close";
  close.textContent = words.close;
  close.addEventListener("click", function () { dialog.close(); });
  dialog.appendChild(close);
  dialog.setAttribute("aria-label", words.passage);
  document.body.appendChild(dialog);

  // Copies the text citation of passage `id` (or of the page) and shows every form.
  function offer(id) {
    var citation = forms(id);
    title.textContent = id && PASSAGE.test(id) ? words.passage : words.page;
    FORMS.forEach(function (form) { shown[form[0]].textContent = citation[form[0]]; });
    copy(citation.text, buttons.text);
    if (!dialog.open && dialog.showModal) { dialog.showModal(); }
  }

  document.addEventListener("click", function (event) {
    var anchor = event.target.closest && event.target.closest("a.anchor");
    if (!anchor) { return; }
    var id = (anchor.getAttribute("href") || "").slice(1);
    if (PASSAGE.test(id)) { offer(id); }
  });

  document.addEventListener("keydown", function (event) {
    // "с" is what the same key types on a Russian layout.
    if ((event.key !== "c" && event.key !== "с") || event.ctrlKey || event.metaKey || event.altKey || dialog.open) { return; }
    var typing = event.target.closest && event.target.closest("input, textarea, select, [contenteditable]");
    if (typing) { return; }
    offer(decodeURIComponent(location.hash.slice(1)));
  });

  var heading = document.querySelector(".chapter-header h1");
  if (heading) {
    var page = document.createElement("button");
    page.type = "button";
    page.className = "cite-page";
    page.textContent = words.page;
    page.addEventListener("click", function () { offer(""); });
    heading.insertAdjacentElement("afterend", page);
  }
})();
