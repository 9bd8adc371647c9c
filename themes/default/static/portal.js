// The portal's pages show the agreements everyone may read. A confidential agreement's audience
// has a part in its own folder (_a/<audience>/portal.js, see src/portfolio/portal/parts.rs),
// which the intranet's web server lets only the audience's readers fetch. This script loads the
// part of every audience the page names (CLAUSEBOOK_PARTS: the portal's root from this page, and
// the audiences' folders), skips those the server refuses, and adds what the others hold to the
// page: cards on the index, each department's duties, coming obligations and approvals awaited
// on its page. The search page (static/search.js) searches their indexes too, through
// CLAUSEBOOK_AUDIENCES: a promise of the parts loaded.
(function () {
  "use strict";
  var given = window.CLAUSEBOOK_PARTS || { root: "", dirs: [] };
  var root = given.root || "";
  var got = {};
  // A part names itself by the address it was loaded from.
  window.CLAUSEBOOK_PART = function (data) {
    var s = document.currentScript;
    if (s && data && typeof data === "object") got[s.getAttribute("src")] = data;
  };

  // An audience's part, or null when the server refuses it (or answers with anything else).
  function load(dir) {
    var src = root + dir + "portal.js";
    return new Promise(function (resolve) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = function () {
        var part = got[src] || null;
        if (part) part.dir = dir;
        resolve(part);
      };
      s.onerror = function () { resolve(null); };
      document.head.appendChild(s);
    });
  }

  // A piece of HTML made by the site's own templates, as an element.
  function element(html) {
    var t = document.createElement("template");
    t.innerHTML = html;
    return t.content.firstElementChild;
  }

  // Puts `el` among `parent`'s children in the order `key` gives (a number or a text).
  function insert(parent, el, key) {
    var at = key(el);
    var before = Array.prototype.find.call(parent.children, function (c) { return key(c) > at; });
    parent.insertBefore(el, before || null);
  }
  var byOrder = function (el) { return Number(el.getAttribute("data-order")); };
  var byKey = function (el) { return el.getAttribute("data-key") || ""; };

  // Each piece of `list` (HTML) into `parent` in order; a piece whose id the page already has
  // takes its place.
  function add(parent, list, key) {
    if (!parent) return;
    (list || []).forEach(function (html) {
      var el = element(html);
      if (!el) return;
      var old = el.id && document.getElementById(el.id);
      if (old && old.parentNode === parent) parent.removeChild(old);
      insert(parent, el, key);
    });
  }

  function mergeIndex(part) {
    var cards = document.querySelector(".portal-cards");
    if (!cards) return;
    add(cards, part.cards, byOrder);
    var count = document.getElementById("agreements-count");
    if (count) count.textContent = String(cards.children.length);
    (part.units || []).forEach(function (u) {
      var n = document.querySelector('.party-card[data-unit="' + CSS.escape(u.id) + '"] .n');
      if (n) n.textContent = String(Number(n.textContent) + u.agreements);
    });
  }

  function mergeDepartment(part) {
    var page = document.getElementById("department");
    if (!page) return;
    var unit = page.getAttribute("data-unit");
    (part.units || []).filter(function (u) { return u.id === unit; }).forEach(function (u) {
      add(document.querySelector("#groups"), u.groups, function (el) {
        return el.classList.contains("department-group") ? byOrder(el) : -1;
      });
      add(document.getElementById("next"), u.next, byKey);
      var next = document.getElementById("next");
      document.getElementById("next-none").hidden = next.children.length > 0;
      var awaiting = document.querySelector("#awaiting ul");
      add(awaiting, u.awaiting, byOrder);
      document.getElementById("awaiting").hidden = !awaiting || awaiting.children.length === 0;
      var calendars = document.getElementById("calendars");
      if (calendars && u.calendar) {
        var a = document.createElement("a");
        a.href = root + u.calendar;
        var zh = /^zh/.test(document.documentElement.lang);
        a.textContent = u.id + ".ics" + (zh ? "（" + part.audience + "）" : " (" + part.audience + ")");
        calendars.appendChild(document.createTextNode(" · "));
        calendars.appendChild(a);
      }
    });
  }

  // On a library clause's page, the audience's rows of its "used by".
  function mergeLibrary(part) {
    var body = document.getElementById("used-by");
    if (!body) return;
    var clause = body.getAttribute("data-clause");
    (part.library || []).forEach(function (html) {
      var el = element("<table><tbody>" + html + "</tbody></table>");
      var row = el && el.querySelector("tr");
      if (row && row.getAttribute("data-clause") === clause) insert(body, row, byKey);
    });
    document.getElementById("used-none").hidden = body.children.length > 0;
  }

  var parts = Promise.all((given.dirs || []).map(load)).then(function (all) {
    return all.filter(Boolean);
  });
  window.CLAUSEBOOK_AUDIENCES = parts;
  parts.then(function (all) {
    all.forEach(function (part) {
      mergeIndex(part);
      mergeDepartment(part);
      mergeLibrary(part);
    });
  });
})();
