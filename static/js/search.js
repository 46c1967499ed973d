// The quick find box on every page: "/" focuses it, the arrow keys move through the
// suggestions htmx puts below it, Enter opens the chosen one (or the first), Escape
// closes the list. Without JavaScript the box is a plain form to the results page.
(function () {
  "use strict";

  function box() {
    return document.getElementById("quick-find");
  }

  function list() {
    return document.getElementById("quick-find-list");
  }

  function options() {
    return Array.from(list().querySelectorAll('[role="option"]'));
  }

  function isCurrent() {
    const shown = list().querySelector("[data-query]");
    return shown && shown.dataset.query === box().value.trim();
  }

  let active = -1;
  let openWhenShown = false;

  function highlight(index) {
    const found = options();
    found.forEach(function (option, position) {
      option.setAttribute("aria-selected", position === index ? "true" : "false");
    });
    active = index;
    if (index >= 0 && found[index]) {
      box().setAttribute("aria-activedescendant", found[index].id);
      found[index].scrollIntoView({ block: "nearest" });
    } else {
      box().removeAttribute("aria-activedescendant");
    }
  }

  function close() {
    list().replaceChildren();
    box().setAttribute("aria-expanded", "false");
    highlight(-1);
  }

  function open(option) {
    window.location.assign(option.getAttribute("href"));
  }

  document.addEventListener("keydown", function (event) {
    const input = box();
    if (!input) return;
    const target = event.target;
    const typing =
      target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
      input.select();
      return;
    }
    if (target !== input) return;
    const found = options();
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!found.length) return;
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      highlight((active + step + found.length) % found.length);
    } else if (event.key === "Enter") {
      if (!input.value.trim()) return;
      event.preventDefault();
      if (active >= 0 && found[active]) {
        open(found[active]);
      } else if (isCurrent() && found.length) {
        open(found[0]);
      } else if (isCurrent()) {
        input.form.submit();
      } else {
        // The suggestions for what was typed last are still on their way.
        openWhenShown = true;
        htmx.trigger(input, "search");
      }
    } else if (event.key === "Escape") {
      close();
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.target !== list()) return;
    const found = options();
    box().setAttribute("aria-expanded", found.length ? "true" : "false");
    highlight(-1);
    if (openWhenShown && isCurrent()) {
      openWhenShown = false;
      if (found.length) open(found[0]);
      else box().form.submit();
    }
  });

  document.addEventListener("click", function (event) {
    const input = box();
    if (input && !input.form.contains(event.target)) close();
  });
})();
