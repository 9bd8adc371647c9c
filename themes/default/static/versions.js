// The versions a release's pages learn in the reader's browser: a release's pages name only the
// versions before it, so that they stay the same when later versions are released. This adds the
// later ones (from the site's versions.js) to the version switcher, shows the banner of a
// superseded release, and says on a printed copy whether it is the version in force.
(function () {
  "use strict";
  var data = window.CLAUSEBOOK_VERSIONS;
  var switcher = document.querySelector(".version-switch[data-version]");
  if (!data || !switcher || !switcher.dataset.version) return;
  var own = switcher.dataset.version, path = switcher.dataset.path, root = switcher.dataset.root;
  var names = data.versions.map(function (v) { return v.name; });
  var at = names.indexOf(own);
  if (at < 0) return;
  var url = function (name) { return root + "../" + name + "/" + path; };

  // Later versions, newest first, above the ones the page names (the list is newest first).
  var list = switcher.querySelector("ul");
  var listed = {};
  Array.prototype.forEach.call(list.querySelectorAll("li .name"), function (n) { listed[n.textContent] = true; });
  var first = list.firstElementChild;
  data.versions.slice(at + 1).forEach(function (v) {
    var label = v.kind === "draft" ? (switcher.dataset.draft || v.name) : v.name;
    if (listed[label]) return;
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = url(v.name);
    var name = document.createElement("span");
    name.className = "name";
    name.textContent = label;
    a.appendChild(name);
    if (v.date) {
      var small = document.createElement("small");
      small.textContent = v.date;
      a.appendChild(document.createTextNode(" "));
      a.appendChild(small);
    }
    li.appendChild(a);
    list.insertBefore(li, first);
    first = li;
  });

  var superseded = data.versions[at].kind === "release" && own !== data.latest;
  var banner = document.querySelector(".version-banner[data-version]");
  if (banner && superseded) {
    var link = banner.querySelector("a");
    link.href = url(data.latest);
    link.textContent = data.latest;
    banner.hidden = false;
  }

  // A printed copy of a release: in force, or superseded (with a mark across every page).
  Array.prototype.forEach.call(document.querySelectorAll(".edition[data-printed]"), function (p) {
    var status = superseded ? p.dataset.old.replace("{latest}", data.latest) : p.dataset.latest;
    var text = p.textContent;
    var cut = text.lastIndexOf(p.dataset.printed);
    if (cut < 0) return;
    p.textContent = text.slice(0, cut) + status + " · " + text.slice(cut);
    if (superseded) p.classList.add("edition-old");
    var header = document.querySelector("style.running-header");
    if (header) {
      var line = (header.dataset.prefix || "") + p.textContent;
      header.textContent = header.textContent.replace(/content: "(?:[^"\\]|\\.)*"/, "content: " + JSON.stringify(line));
    }
  });
  var mark = document.querySelector(".watermark.superseded");
  if (mark && superseded) mark.hidden = false;
})();
