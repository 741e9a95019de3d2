// Progressive enhancement only: every page works without this file.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // A button that copies another element's text: <button data-copy="#id" hidden>.
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const target = document.querySelector(button.dataset.copy);
    if (!target || !navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(target.textContent.trim());
        if (button.dataset.copied) button.textContent = button.dataset.copied;
      } catch (_) {
        // Copying refused by the browser: the code stays there to select by hand.
      }
    });
  }
  // A running total of a score sheet: <output data-total> sums the form's weighted points.
  for (const output of document.querySelectorAll("output[data-total]")) {
    const form = output.closest("form");
    if (!form) continue;
    const inputs = form.querySelectorAll("input[data-weight]");
    const update = () => {
      let sum = 0;
      for (const input of inputs) {
        const points = parseFloat(input.value);
        if (!Number.isNaN(points)) sum += points * parseFloat(input.dataset.weight);
      }
      output.value = Number.isInteger(sum) ? String(sum) : sum.toFixed(2);
    };
    for (const input of inputs) input.addEventListener("input", update);
    update();
  }
});
