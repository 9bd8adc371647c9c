// Full-text search in the reader's browser, offline and from file://. The index is split into
// plain scripts loaded on demand (search/meta.js, search/g<k>.js, search/d<b>.js; see
// src/render/search.rs): a query loads the shards of its characters and pairs of characters,
// which name the clauses that may contain it, then the texts of a screenful of those clauses to
// check that they do and to show where. Every word of the query must occur in a clause (its
// number, title, text, or details: owner, duties, cadences, due dates); Chinese is matched as
// written, any substring (no segmenter to get wrong), Latin letters without regard to case.
// Clauses whose number or title has a word come first.
//
// On a portfolio's portal the index holds every agreement's release in force, one agreement's
// clauses after another's; the page lists them (CLAUSEBOOK_PORTFOLIO: each agreement's id, title,
// departments, range of clauses and folder). Results are grouped by agreement, in the portal's
// order, and the filters (an agreement, a department) leave out other agreements' clauses before
// any of their texts is loaded. The texts are each agreement's own: its blocks, in its folder.
// A confidential agreement is in its audience's index (_a/<audience>/search/), which the portal
// loads with the audience's part (static/portal.js) when the server lets the reader have it: the
// indexes are searched one after another, as one, their clauses numbered on from the page's own.
(function () {
  "use strict";
  var meta = window.CLAUSEBOOK_SEARCH_META || { shards: 0, docs: 0, block: 4 };
  var words = window.CLAUSEBOOK_WORDS || {};
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var status = document.getElementById("search-status");
  var more = document.getElementById("search-more");
  var portfolio = window.CLAUSEBOOK_PORTFOLIO || null;
  var filters = { a: document.getElementById("search-agreement"), d: document.getElementById("search-unit") };
  var PAGE = 10;
  // The most blocks of texts a screenful loads (about 10 KB each): a query whose pairs are common
  // but whose phrase is rare (条款9999 among 100,000 clauses) shows what it has checked so far, and
  // "more" checks on, instead of loading megabytes to fill the screen.
  var BLOCKS = 12;
  // The indexes searched, each with its folder from the page's root, its table, its shards and
  // its entries larger than half a shard (each in a file of its own that its shard names), and
  // the number its first clause has among all.
  var sources = [{ dir: "", meta: meta, shards: {}, large: {}, offset: 0 }];
  // The agreements of the portal, by where their clauses start (the filters' order is theirs).
  var ranges = portfolio ? portfolio.slice() : null;
  var docs = {};
  var scripts = {};
  var current = 0;

  // The index a script of an index belongs to, by the folder it was loaded from.
  function sourceOf(script) {
    var src = script ? script.getAttribute("src") || "" : "";
    var dir = src.slice(0, Math.max(0, src.lastIndexOf("search/")));
    return sources.find(function (s) { return s.dir === dir; }) || sources[0];
  }
  window.CLAUSEBOOK_SEARCH_SHARD = function (k, grams) { sourceOf(document.currentScript).shards[k] = grams; };
  window.CLAUSEBOOK_SEARCH_ENTRY = function (name, entry) { sourceOf(document.currentScript).large[name] = entry; };
  // Which agreement each block file loaded on the portal is of, by its address.
  var owners = {};
  window.CLAUSEBOOK_SEARCH_DOCS = function (b, entries) {
    var script = document.currentScript, g = portfolio && script && owners[script.getAttribute("src")];
    entries.forEach(function (d, j) {
      if (!portfolio) { docs[b * meta.block + j] = d; return; }
      // A clause's page on its agreement's site is clauses/<file>.html: nothing else is linked.
      var i = g ? g.start + b * g.block + j : -1;
      if (!g || j >= g.block || i >= g.end || !/^clauses\/[^\/\\.][^\/\\]*$/.test(d.u)) return;
      d.u = g.folder + d.u;
      docs[i] = d;
    });
  };

  // The file of clause i's text: block i / block of the index; on the portal, a block of its
  // agreement's own index, in that agreement's folder.
  function blockFile(i) {
    if (!portfolio) return "search/d" + Math.floor(i / meta.block) + ".js";
    var lo = 0, hi = ranges.length - 1;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (ranges[mid].end <= i) lo = mid + 1; else hi = mid; }
    var g = ranges[lo];
    var src = g.folder + "search/d" + Math.floor((i - g.start) / g.block) + ".js";
    owners[src] = g;
    return src;
  }

  // A script of the index, loaded once; a failed load may be tried again.
  function load(src) {
    if (!scripts[src]) {
      scripts[src] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = src;
        s.onload = resolve;
        s.onerror = function () { delete scripts[src]; reject(new Error(src)); };
        document.head.appendChild(s);
      });
    }
    return scripts[src];
  }

  // FNV-1a over code points, as the build computes it.
  function hash(gram) {
    var h = 0x811c9dc5;
    for (var ch of gram) { h ^= ch.codePointAt(0); h = Math.imul(h, 0x01000193); }
    return h >>> 0;
  }

  // A word's grams: itself when one character, else its pairs of neighbouring characters.
  function grams(term) {
    var chars = Array.from(term);
    if (chars.length === 1) return chars;
    var out = [];
    for (var i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
    return out;
  }

  // Clause numbers, from runs written as gap[.length-1] in base 36.
  function decode(s) {
    var out = [], next = 0;
    if (!s) return out;
    s.split(",").forEach(function (run) {
      var dot = run.indexOf(".");
      var start = next + parseInt(dot < 0 ? run : run.slice(0, dot), 36);
      var end = start + (dot < 0 ? 0 : parseInt(run.slice(dot + 1), 36));
      for (var i = start; i <= end; i++) out.push(i);
      next = end + 1;
    });
    return out;
  }

  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; } else if (a[i] < b[j]) i++; else j++;
    }
    return out;
  }

  function union(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length || j < b.length) {
      if (j >= b.length || (i < a.length && a[i] < b[j])) out.push(a[i++]);
      else if (i >= a.length || b[j] < a[i]) out.push(b[j++]);
      else { out.push(a[i]); i++; j++; }
    }
    return out;
  }

  function shardOf(src, gram) { return hash(gram) % src.meta.shards; }

  // A gram's entry in index `src`, [in any field, in number or title], once its shard (and its
  // own file, when the shard names one) is loaded.
  function entryOf(src, gram) {
    var p = (src.shards[shardOf(src, gram)] || {})[gram] || [];
    return typeof p === "string" ? src.large[p] || [] : p;
  }

  // The grams of `term` a query reads, once their shards are loaded: those whose entries are in
  // their shards, when it has any; else its first. A large entry (a pair in most clauses) hardly
  // narrows the candidates, which are checked against their texts anyway, and it is what would
  // make a query of common words load hundreds of kilobytes.
  function used(src, term) {
    var all = grams(term);
    var small = all.filter(function (g) { return typeof (src.shards[shardOf(src, g)] || {})[g] !== "string"; });
    return small.length ? small : all.slice(0, 1);
  }

  // The indexes that have clauses.
  function searched() { return sources.filter(function (src) { return src.meta.shards > 0; }); }

  // The files of the shards that `terms` read, in every index.
  function shardFiles(terms) {
    var out = {};
    searched().forEach(function (src) {
      terms.forEach(function (t) {
        grams(t).forEach(function (g) { out[src.dir + "search/g" + shardOf(src, g) + ".js"] = true; });
      });
    });
    return Object.keys(out);
  }

  // The files of the large entries that `terms` read, named in their loaded shards.
  function largeFiles(terms) {
    var out = {};
    searched().forEach(function (src) {
      terms.forEach(function (t) {
        used(src, t).forEach(function (g) {
          var p = (src.shards[shardOf(src, g)] || {})[g];
          if (typeof p === "string" && /^e[0-9a-f]+$/.test(p)) out[src.dir + "search/" + p + ".js"] = true;
        });
      });
    });
    return Object.keys(out);
  }

  // The clauses that may have every word, and those that may have one in their number or title:
  // each index's, numbered on from the one before.
  function candidates(terms) {
    var all = [], head = [];
    searched().forEach(function (src) {
      var found = candidatesIn(src, terms);
      var shift = function (i) { return i + src.offset; };
      all = all.concat(found.all.map(shift));
      head = head.concat(found.head.map(shift));
    });
    return { all: all, head: head };
  }

  function candidatesIn(src, terms) {
    var all = null, head = [];
    terms.forEach(function (t) {
      var inAll = null, inHead = null;
      used(src, t).forEach(function (g) {
        var p = entryOf(src, g);
        inAll = inAll === null ? decode(p[0]) : intersect(inAll, decode(p[0]));
        inHead = inHead === null ? decode(p[1]) : intersect(inHead, decode(p[1]));
      });
      all = all === null ? inAll : intersect(all, inAll);
      head = union(head, inHead);
    });
    all = all || [];
    return { all: all, head: intersect(all, head) };
  }

  // The first index of sorted `list` at or after `value`.
  function lowerBound(list, value) {
    var lo = 0, hi = list.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (list[mid] < value) lo = mid + 1; else hi = mid; }
    return lo;
  }

  // The ranges of clauses searched, in the order shown: the whole index on an agreement's site;
  // on the portal, each agreement the filters leave, with its title and page.
  function groups() {
    if (!portfolio) return [{ start: 0, end: meta.docs }];
    var a = filters.a ? filters.a.value : "", d = filters.d ? filters.d.value : "";
    return portfolio.filter(function (g) {
      return (!a || g.id === a) && (!d || g.units.indexOf(d) >= 0);
    });
  }

  // The order candidates are checked in, which is the order they are shown in: group after
  // group, in each the clauses that may have a word in their number or title, then the others.
  // Each group's part of the queue is queue[from, to), its title candidates up to `heads`.
  function plan(found) {
    var queue = [], parts = [];
    groups().forEach(function (g) {
      var slice = function (list) { return list.slice(lowerBound(list, g.start), lowerBound(list, g.end)); };
      var head = slice(found.head), inHead = {};
      head.forEach(function (i) { inHead[i] = true; });
      var from = queue.length;
      queue = queue.concat(head, slice(found.all).filter(function (i) { return !inHead[i]; }));
      parts.push({ group: g, from: from, heads: from + head.length, to: queue.length, titled: [], other: [] });
    });
    return { queue: queue, parts: parts };
  }

  // Lower case, final sigma as sigma: the index folds Greek letters one by one (Σ is σ), where
  // the browser writes a word's last Σ as ς.
  function lower(s) { return s.toLowerCase().replace(/ς/g, "σ"); }

  function lowered(d) { return lower(d.n + " " + d.t + "\n" + d.x + "\n" + (d.m || "")); }

  // The snippet comes from the text where a word is found there, else from the details.
  function snippet(doc, terms) {
    var inText = terms.some(function (t) { return lower(doc.x).indexOf(t) >= 0; });
    var text = (inText || !doc.m ? doc.x : doc.m).replace(/\s+/g, " ");
    var low = lower(text);
    var at = -1;
    for (var i = 0; i < terms.length && at < 0; i++) at = low.indexOf(terms[i]);
    var start = Math.max(0, at - 30), end = Math.min(text.length, (at < 0 ? 0 : at) + 90);
    var piece = (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
    var frag = document.createDocumentFragment();
    var lowPiece = lower(piece), pos = 0;
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

  // The list a group's results go in: the page's own on an agreement's site; on the portal, a
  // section of its own under the agreement's title, made when its first result is shown.
  var lastPart = null, lastList = null;
  function listOf(part) {
    if (!portfolio) return list;
    if (part !== lastPart) {
      var g = part.group;
      var section = document.createElement("section");
      section.className = "search-group";
      var h = document.createElement("h2");
      var a = document.createElement("a");
      a.href = g.url;
      a.textContent = g.title;
      h.appendChild(a);
      if (g.release) {
        var release = document.createElement("span");
        release.className = "meta";
        release.textContent = " " + g.release;
        h.appendChild(release);
      }
      lastList = document.createElement("ol");
      lastList.className = "search-results";
      section.appendChild(h);
      section.appendChild(lastList);
      list.appendChild(section);
      lastPart = part;
    }
    return lastList;
  }

  function show(d, terms, part) {
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
    listOf(part).appendChild(li);
  }

  function count(n, atMost) {
    var noun = n === 1 ? (words.one || words.count || "") : (words.count || "");
    return (atMost ? (words.at_most || "") + " " : "") + n + " " + noun;
  }

  function fail() { status.textContent = words.failed || ""; more.hidden = true; }

  // One query: its shards, then screenful after screenful of checked results. Results come in
  // their final order (see plan): in each group, clauses with a word in their number or title,
  // then the others, each in reading order.
  function search(query) {
    var run = ++current;
    var terms = lower(query).split(/\s+/).filter(Boolean);
    list.textContent = "";
    lastPart = null;
    more.hidden = true;
    if (!terms.length || !searched().length) { status.textContent = words.hint || ""; return; }
    status.textContent = words.loading || "";
    Promise.all(shardFiles(terms).map(load)).then(function () {
      return Promise.all(largeFiles(terms).map(load));
    }).then(function () {
      if (run !== current) return;
      var planned = plan(candidates(terms));
      var queue = planned.queue, parts = planned.parts;
      // Pairs narrow words of three characters or more to candidates; shorter words are exact.
      var exact = terms.every(function (t) { return Array.from(t).length <= 2; });
      var done = 0, shown = 0;
      // What can be shown, with each result's group: a group's title matches once checked; its
      // others once every candidate of the group that could come before them is checked.
      function ready() {
        var out = [];
        for (var k = 0; k < parts.length; k++) {
          var part = parts[k];
          var add = function (i) { out.push([i, part]); };
          part.titled.forEach(add);
          if (done < part.heads) break;
          var next = done < part.to ? queue[done] : Infinity;
          part.other.filter(function (i) { return i < next; }).sort(function (a, b) { return a - b; }).forEach(add);
          if (done < part.to) break;
        }
        return out;
      }
      function found() {
        return parts.reduce(function (n, part) { return n + part.titled.length + part.other.length; }, 0);
      }
      // The next candidates to check, for `want` more results, loading at most `budget` blocks.
      function nextBatch(want, budget) {
        var batch = [], blocks = {}, cost = 0;
        for (var q = done; q < queue.length && batch.length < want; q++) {
          var b = blockFile(queue[q]);
          if (!blocks[b]) {
            var fresh = !scripts[b];
            if (fresh && cost >= budget) break;
            blocks[b] = true;
            if (fresh) cost++;
          }
          batch.push(queue[q]);
        }
        return { items: batch, blocks: Object.keys(blocks), cost: cost };
      }
      function fill(target, budget) {
        if (run !== current) return;
        var order = ready();
        var next = order.length >= target ? { items: [] } : nextBatch(Math.max(target - order.length, meta.block), budget);
        if (!next.items.length) {
          for (; shown < Math.min(target, order.length); shown++) show(docs[order[shown][0]], terms, order[shown][1]);
          var total = done >= queue.length ? found() : queue.length;
          status.textContent = total ? count(total, !exact && done < queue.length) : (words.none || "");
          more.hidden = !(shown < order.length || done < queue.length);
          more.onclick = function () { more.hidden = true; fill(shown + PAGE, BLOCKS); };
          return;
        }
        var batch = next.items;
        Promise.all(next.blocks.map(load)).then(function () {
          if (run !== current) return;
          var k = 0;
          batch.forEach(function (i, j) {
            var at = done + j;
            while (at >= parts[k].to) k++;
            var part = parts[k], d = docs[i];
            if (!d) return;
            var low = lowered(d);
            if (!terms.every(function (t) { return low.indexOf(t) >= 0; })) return;
            var head = lower(d.n + " " + d.t);
            var titledMatch = at < part.heads && terms.some(function (t) { return head.indexOf(t) >= 0; });
            (titledMatch ? part.titled : part.other).push(i);
          });
          done += batch.length;
          fill(target, budget - next.cost);
        }, fail);
      }
      fill(PAGE, BLOCKS);
    }, fail);
  }

  // The address says the query, and the portal's filters where set, so that it can be shared.
  function remember() {
    var q = "?q=" + encodeURIComponent(input.value);
    ["a", "d"].forEach(function (k) {
      if (filters[k] && filters[k].value) q += "&" + k + "=" + encodeURIComponent(filters[k].value);
    });
    history.replaceState(null, "", q);
  }

  input.addEventListener("input", function () { search(input.value); remember(); });
  ["a", "d"].forEach(function (k) {
    if (filters[k]) filters[k].addEventListener("change", function () { search(input.value); remember(); });
  });
  document.addEventListener("keydown", function (e) {
    var links = Array.prototype.slice.call(list.querySelectorAll("a"));
    if (!links.length || (e.key !== "ArrowDown" && e.key !== "ArrowUp")) return;
    var i = links.indexOf(document.activeElement);
    i = e.key === "ArrowDown" ? Math.min(links.length - 1, i + 1) : i - 1;
    if (i < 0) input.focus(); else links[i].focus();
    e.preventDefault();
  });
  var params = new URLSearchParams(location.search);
  ["a", "d"].forEach(function (k) { if (filters[k]) filters[k].value = params.get(k) || ""; });
  var q = params.get("q") || "";
  input.value = q;
  // The audiences' parts are loaded by static/portal.js, which comes after this script.
  function start() {
    (window.CLAUSEBOOK_AUDIENCES || Promise.resolve([])).then(function (parts) {
      parts.forEach(addPart);
      search(input.value);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();

  // An audience's index, its agreements and departments, to the search and its filters.
  function addPart(part) {
    var s = part.search;
    if (!portfolio || !s || !s.meta || !Array.isArray(s.agreements)) return;
    var last = sources[sources.length - 1];
    var offset = last.offset + (last.meta.docs || 0);
    sources.push({ dir: part.dir, meta: s.meta, shards: {}, large: {}, offset: offset });
    s.agreements.forEach(function (g) {
      g.start += offset;
      g.end += offset;
      portfolio.push(g);
      ranges.push(g);
    });
    portfolio.sort(function (a, b) { return a.order - b.order; });
    ranges.sort(function (a, b) { return a.start - b.start; });
    options(filters.a, s.agreements.map(function (g) { return [g.id, g.title, g.order]; }));
    options(filters.d, (part.units || []).map(function (u) { return [u.id, u.name, Infinity]; }));
  }

  // Options for `select` that it does not have yet, each [value, text, place], in place order.
  function options(select, list) {
    if (!select) return;
    var chosen = select.value || params.get(select.name) || "";
    list.forEach(function (o) {
      if (Array.prototype.some.call(select.options, function (x) { return x.value === o[0]; })) return;
      var el = new Option(o[1], o[0]);
      el.setAttribute("data-order", o[2]);
      var before = Array.prototype.find.call(select.options, function (x) {
        return x.value && Number(x.getAttribute("data-order")) > o[2];
      });
      select.insertBefore(el, before || null);
    });
    select.value = chosen;
  }
})();
