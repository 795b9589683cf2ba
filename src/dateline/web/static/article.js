// Hovering, focusing or clicking a quote in the article shows its attribution and date.
// Served by Dateline (script-src 'self'); it copies server-rendered nodes and never parses HTML.
"use strict";
(function () {
  const text = document.getElementById("text");
  const panel = document.getElementById("quote-card");
  if (!text || !panel) return;
  let current = null;

  function show(id) {
    if (!id || id === current) return;
    const card = document.getElementById("card-" + id);
    if (!card) return;
    current = id;
    panel.replaceChildren(...Array.from(card.childNodes, (n) => n.cloneNode(true)));
    panel.hidden = false;
    document.querySelectorAll("mark.quote.active, .quote-card.highlight").forEach((el) => {
      el.classList.remove("active", "highlight");
    });
    text.querySelectorAll("mark.quote").forEach((el) => {
      if (el.dataset.quote === id) el.classList.add("active");
    });
    card.classList.add("highlight");
  }

  function quoteOf(target) {
    const mark = target instanceof Element ? target.closest("mark.quote") : null;
    return mark ? mark.dataset.quote : null;
  }

  text.addEventListener("mouseover", (e) => show(quoteOf(e.target)));
  text.addEventListener("focusin", (e) => show(quoteOf(e.target)));
  text.addEventListener("click", (e) => show(quoteOf(e.target)));
  if (location.hash.length > 1) show(decodeURIComponent(location.hash.slice(1)));
  window.addEventListener("hashchange", () => show(decodeURIComponent(location.hash.slice(1))));
})();
