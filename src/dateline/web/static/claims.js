// Claim cards: "Copy" buttons copy a citation's text. Served by Dateline (script-src 'self').
"use strict";
document.addEventListener("click", (e) => {
  const button = e.target instanceof Element ? e.target.closest("button.copy") : null;
  if (!button) return;
  const field = document.getElementById(button.dataset.copy);
  if (!field) return;
  field.select();
  const done = () => { button.textContent = "Copied"; };
  if (navigator.clipboard) navigator.clipboard.writeText(field.value).then(done, () => {});
  else if (document.execCommand("copy")) done();
});
