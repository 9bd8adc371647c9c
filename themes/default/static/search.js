// Full-text search in the reader's browser, offline and from file://: the index is a plain script
// (search-index.js) that sets window.CLAUSEBOOK_SEARCH. Every word of the query must occur in a
// clause (its number, title, text, or details: owner, duties, cadences, due dates); Chinese is
// matched as written (no spaces between words, so no segmenter to get wrong), Latin letters
// without regard to case. Clauses whose number or title has a word come first.
(function () {
  "use strict";
  var docs = window.CLAUSEBOOK_SEARCH || [];
  var words = window.CLAUSEBOOK_WORDS || {};
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var status = document.getElementById("search-status");
  var lower = docs.map(function (d) { return (d.n + " " + d.t + "\n" + d.x + "\n" + (d.m || "")).toLowerCase(); });
  var heads = docs.map(function (d) { return (d.n + " " + d.t).toLowerCase(); });

  // The snippet comes from the text where a word is found there, else from the details.
  function snippet(doc, terms) {
    var inText = terms.some(function (t) { return doc.x.toLowerCase().indexOf(t) >= 0; });
    var text = (inText || !doc.m ? doc.x : doc.m).replace(/\s+/g, " ");
    var low = text.toLowerCase();
    var at = -1;
    for (var i = 0; i < terms.length && at < 0; i++) at = low.indexOf(terms[i]);
    var start = Math.max(0, at - 30), end = Math.min(text.length, (at < 0 ? 0 : at) + 90);
    var piece = (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
    var frag = document.createDocumentFragment();
    var lowPiece = piece.toLowerCase(), pos = 0;
    while (pos < piece.length) {
      var next = -1, len = 0;
      terms.forEach(function (t) {
        var k = lowPiece.indexOf(t, pos);
        if (k >= 0 && (next < 0 || k < next)) { next = k; len = t.length; }
      });
      if (next < 0) { frag.appendChild(document.createTextNode(piece.slice(pos))); break; }
      frag.appendChild(document.createTextNode(piece.slice(pos, next)));
      var mark = document.createElement("mark");
      mark.textContent = piece.slice(next, next + len);
      frag.appendChild(mark);
      pos = next + len;
    }
    return frag;
  }

  function search(query) {
    var terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!terms.length) { status.textContent = words.hint || ""; return; }
    var first = [], rest = [];
    for (var i = 0; i < docs.length; i++) {
      if (!terms.every(function (t) { return lower[i].indexOf(t) >= 0; })) continue;
      var head = heads[i];
      (terms.some(function (t) { return head.indexOf(t) >= 0; }) ? first : rest).push(docs[i]);
    }
    var hits = first.concat(rest);
    var noun = hits.length === 1 ? (words.one || words.count || "") : (words.count || "");
    status.textContent = hits.length ? hits.length + " " + noun : (words.none || "");
    hits.slice(0, 200).forEach(function (d) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = d.u;
      var num = document.createElement("span");
      num.className = "num";
      num.textContent = d.n;
      a.appendChild(num);
      a.appendChild(document.createTextNode(" " + d.t));
      var p = document.createElement("p");
      p.className = "snippet";
      p.appendChild(snippet(d, terms));
      li.appendChild(a);
      li.appendChild(p);
      list.appendChild(li);
    });
  }

  input.addEventListener("input", function () {
    search(input.value);
    history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
  });
  document.addEventListener("keydown", function (e) {
    var links = Array.prototype.slice.call(list.querySelectorAll("a"));
    if (!links.length || (e.key !== "ArrowDown" && e.key !== "ArrowUp")) return;
    var i = links.indexOf(document.activeElement);
    i = e.key === "ArrowDown" ? Math.min(links.length - 1, i + 1) : i - 1;
    if (i < 0) input.focus(); else links[i].focus();
    e.preventDefault();
  });
  var q = new URLSearchParams(location.search).get("q") || "";
  input.value = q;
  search(q);
})();
