// Pipeline board: drag a card onto another column to move the project to that stage.
// Each card also has a stage menu with a Move button, which works without this script
// and from the keyboard; dropping a card submits that same form with the new stage.
(function () {
  "use strict";
  let dragged = null;

  function columnOf(element) {
    return element.closest(".board-column");
  }

  document.addEventListener("dragstart", function (event) {
    const card = event.target.closest && event.target.closest(".board-card");
    if (!card || !card.querySelector("form.card-move")) return;  // a card withheld from the reader
    dragged = card;
    card.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.id);
  });

  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dragging");
    document.querySelectorAll(".board-column.drop-target").forEach(function (column) {
      column.classList.remove("drop-target");
    });
    dragged = null;
  });

  document.addEventListener("dragover", function (event) {
    const column = event.target.closest && columnOf(event.target);
    if (!dragged || !column || column.dataset.stage === dragged.dataset.stage) return;
    const select = dragged.querySelector("select[name=stage]");
    const allowed = Array.from(select.options).some(function (option) {
      return option.value === column.dataset.stage;
    });
    if (!allowed) return;
    event.preventDefault();
    column.classList.add("drop-target");
  });

  document.addEventListener("dragleave", function (event) {
    const column = event.target.closest && columnOf(event.target);
    if (column && !column.contains(event.relatedTarget)) column.classList.remove("drop-target");
  });

  document.addEventListener("drop", function (event) {
    const column = event.target.closest && columnOf(event.target);
    if (!dragged || !column) return;
    event.preventDefault();
    const form = dragged.querySelector("form.card-move");
    form.querySelector("select[name=stage]").value = column.dataset.stage;
    if (window.htmx) {
      window.htmx.trigger(form, "submit");
    } else {
      form.submit();
    }
  });
})();
