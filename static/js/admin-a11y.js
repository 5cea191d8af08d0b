// The admin's autocomplete fields (select2) name their combobox after its current value, which
// is empty on an add form: give each the text of its field's label instead. Select2 builds its
// boxes when jQuery is ready, which may come after this script: watch for them.
(function () {
  "use strict";
  function label(box) {
    var ref = box.getAttribute("aria-labelledby") || "";
    var id = ref.replace(/^select2-/, "").replace(/-container$/, "");
    var field = document.querySelector('label[for="' + id + '"]');
    if (!field) return;
    var name = field.textContent.replace(/:\s*$/, "").trim();
    var rendered = document.getElementById(ref);
    box.setAttribute("aria-label", name);
    box.removeAttribute("aria-labelledby");
    if (rendered) rendered.setAttribute("aria-label", name + ": selected value");
  }
  function all() {
    document.querySelectorAll(".select2-selection[role=combobox]:not([aria-label])").forEach(label);
  }
  document.addEventListener("DOMContentLoaded", function () {
    all();
    new MutationObserver(all).observe(document.body, { childList: true, subtree: true });
  });
  window.addEventListener("load", all);
})();
