// The admin's autocomplete fields (select2) name their combobox after its current value, which
// is empty on an add form: give each the text of its field's label instead.
window.addEventListener("load", function () {
  "use strict";
  document.querySelectorAll(".select2-selection[role=combobox]").forEach(function (box) {
    var rendered = document.getElementById(box.getAttribute("aria-labelledby") || "");
    var id = (box.getAttribute("aria-labelledby") || "").replace(/^select2-/, "").replace(/-container$/, "");
    var label = document.querySelector('label[for="' + id + '"]');
    if (!label) return;
    var name = label.textContent.replace(/:\s*$/, "").trim();
    box.setAttribute("aria-label", name);
    box.removeAttribute("aria-labelledby");
    if (rendered) rendered.setAttribute("aria-label", name + ": selected value");
  });
});
