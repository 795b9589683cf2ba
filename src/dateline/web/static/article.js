// Hovering, focusing, clicking or tapping a quote in the article shows its attribution and
// date. Served by Dateline (script-src 'self'); it copies server-rendered nodes and never
// parses HTML. On a phone the card is a bottom sheet (CSS), so it opens in view; a tap on
// a name inside a quote first selects the quote, and a second tap follows the name's link.
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
    const close = document.createElement("button");
    close.type = "button";
    close.className = "close";
    close.setAttribute("aria-label", "Close");
    close.textContent = "×";
    panel.prepend(close);
    panel.hidden = false;
    document.querySelectorAll("mark.quote.active, .quote-card.highlight").forEach((el) => {
      el.classList.remove("active", "highlight");
    });
    text.querySelectorAll("mark.quote").forEach((el) => {
      if (el.dataset.quote === id) el.classList.add("active");
    });
    card.classList.add("highlight");
  }

  function hide() {
    panel.hidden = true;
    current = null;
    document.querySelectorAll("mark.quote.active").forEach((el) => el.classList.remove("active"));
  }

  function quoteOf(target) {
    const mark = target instanceof Element ? target.closest("mark.quote") : null;
    return mark ? mark.dataset.quote : null;
  }

  // Hover is for a mouse only: a touch screen sends a hover before the tap's click, which
  // would select the quote and let the same tap follow a name's link inside it.
  text.addEventListener("pointerover", (e) => {
    if (e.pointerType === "mouse") show(quoteOf(e.target));
  });
  text.addEventListener("focusin", (e) => show(quoteOf(e.target)));
  // The quote selected when a press began: pressing a link focuses it (and so selects its
  // quote) before the click, which must still count as the tap that selects.
  let pressedOn = undefined;
  text.addEventListener("pointerdown", () => { pressedOn = current; });
  text.addEventListener("click", (e) => {
    const id = quoteOf(e.target);
    const before = pressedOn === undefined ? current : pressedOn;
    pressedOn = undefined;
    if (!id) return;
    const link = e.target.closest("a");
    if (link && text.contains(link) && id !== before) e.preventDefault(); // select first
    show(id);
  });
  panel.addEventListener("click", (e) => {
    if (e.target instanceof Element && e.target.closest("button.close")) hide();
  });
  if (location.hash.length > 1) show(decodeURIComponent(location.hash.slice(1)));
  window.addEventListener("hashchange", () => show(decodeURIComponent(location.hash.slice(1))));
})();
