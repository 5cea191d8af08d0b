// Type-ahead for the site's search box (ARIA combobox with a list box). Without it the form
// still submits to the search page, which lists the same results.
(function () {
  "use strict";
  var input = document.getElementById("site-search");
  var list = document.getElementById("site-search-list");
  if (!input || !list || !window.fetch) return;
  var url = input.getAttribute("data-suggest");
  var timer = null, active = -1, items = [], asked = "";

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }
  function show(results) {
    items = results;
    list.innerHTML = "";
    results.forEach(function (item, i) {
      var li = document.createElement("li");
      li.id = "site-search-opt-" + i;
      li.setAttribute("role", "option");
      var a = document.createElement("a");
      a.href = item.url;
      a.tabIndex = -1;
      a.textContent = item.label;
      var small = document.createElement("small");
      small.textContent = " " + item.detail;
      a.appendChild(small);
      li.appendChild(a);
      li.addEventListener("mousedown", function (e) { e.preventDefault(); window.location = item.url; });
      list.appendChild(li);
    });
    list.hidden = results.length === 0;
    input.setAttribute("aria-expanded", results.length ? "true" : "false");
  }
  function highlight(index) {
    var options = list.querySelectorAll("[role=option]");
    options.forEach(function (o) { o.removeAttribute("aria-selected"); });
    active = index;
    if (index >= 0 && options[index]) {
      options[index].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", options[index].id);
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var q = input.value.trim();
    if (!q) { close(); return; }
    timer = setTimeout(function () {
      asked = q;
      fetch(url + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (body) { if (asked === q && input.value.trim() === q) show(body.results); })
        .catch(close);
    }, 150);
  });
  input.addEventListener("keydown", function (e) {
    if (list.hidden) return;
    if (e.key === "ArrowDown") { e.preventDefault(); highlight(Math.min(active + 1, items.length - 1)); }
    else if (e.key === "ArrowUp") { e.preventDefault(); highlight(Math.max(active - 1, -1)); }
    else if (e.key === "Escape") { close(); }
    else if (e.key === "Enter" && active >= 0) { e.preventDefault(); window.location = items[active].url; }
  });
  input.addEventListener("blur", function () { setTimeout(close, 150); });
})();
