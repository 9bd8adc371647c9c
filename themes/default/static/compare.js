// Compares two versions of a clause in the reader's browser: the same tokens as the build's
// redlines (one per Chinese character, one per Latin word), an LCS diff, <del>/<ins> marks.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("versions-data").textContent);
  var from = document.getElementById("from"), to = document.getElementById("to");
  var out = document.getElementById("redline");
  var CJK = /[\u2E80-\u2FDF\u3000-\u303F\u3040-\u30FF\u3100-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF]/;
  var WORD = /[\p{L}\p{N}]/u;

  function tokens(text) {
    var out = [], word = "";
    for (var ch of text) {
      if (WORD.test(ch) && !CJK.test(ch)) { word += ch; continue; }
      if (word) { out.push(word); word = ""; }
      out.push(ch);
    }
    if (word) out.push(word);
    return out;
  }

  function diff(a, b) {
    var n = a.length, m = b.length, i, j;
    var lcs = [];
    for (i = 0; i <= n; i++) { lcs.push(new Uint32Array(m + 1)); }
    for (i = n - 1; i >= 0; i--) {
      for (j = m - 1; j >= 0; j--) {
        lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    var ops = [];
    i = 0; j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[i] === b[j]) { ops.push(["=", a[i]]); i++; j++; }
      else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) { ops.push(["-", a[i]]); i++; }
      else { ops.push(["+", b[j]]); j++; }
    }
    return ops;
  }

  var fields = document.getElementById("field-changes");

  function show() {
    var a = data.entries[from.value], b = data.entries[to.value];
    fields.textContent = "";
    var said = (data.changes || {})[from.value + "-" + to.value] || [];
    if (said.length === 0) {
      var none = document.createElement("li");
      none.className = "none";
      none.textContent = fields.getAttribute("data-none");
      fields.appendChild(none);
    }
    said.forEach(function (line) {
      var li = document.createElement("li");
      li.textContent = line;
      fields.appendChild(li);
    });
    out.textContent = "";
    var ops = diff(tokens(data.texts[a.text]), tokens(data.texts[b.text]));
    var k = 0;
    while (k < ops.length) {
      var kind = ops[k][0], text = "";
      while (k < ops.length && ops[k][0] === kind) { text += ops[k][1]; k++; }
      var node = kind === "=" ? document.createElement("span") : document.createElement(kind === "+" ? "ins" : "del");
      node.textContent = text;
      out.appendChild(node);
    }
  }

  from.addEventListener("change", show);
  to.addEventListener("change", show);
  show();
})();
