// Select a passage of the text on the review page: it becomes the new comment's quote.
document.addEventListener("DOMContentLoaded", function () {
  var text = document.querySelector("#text .body");
  var quote = document.getElementById("id_quote");
  if (!text || !quote) return;
  document.addEventListener("selectionchange", function () {
    var selection = document.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return;
    var range = selection.getRangeAt(0);
    if (!text.contains(range.commonAncestorContainer)) return;
    var passage = selection.toString().trim().replace(/\s+/g, " ");
    if (passage.length >= 3) quote.value = passage.slice(0, 2000);
  });
});
