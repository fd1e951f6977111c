// The citation helper on the article form: search the library, insert [@key] at the
// cursor in the body (#id_body), or add a reference by DOI/PMID and cite it.
(function () {
  "use strict";
  const box = document.getElementById("cite-helper");
  const body = document.getElementById("id_body");
  if (!box || !body) return;
  const query = document.getElementById("cite-helper-query");
  const results = document.getElementById("cite-helper-results");

  function insertKey(key) {
    const marker = "[@" + key + "]";
    const start = body.selectionStart ?? body.value.length;
    const end = body.selectionEnd ?? start;
    body.value = body.value.slice(0, start) + marker + body.value.slice(end);
    body.focus();
    body.selectionStart = body.selectionEnd = start + marker.length;
    body.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function show(items) {
    results.replaceChildren();
    if (!items.length) {
      const li = document.createElement("li");
      li.textContent = "Nothing found.";
      results.append(li);
      return;
    }
    for (const item of items) {
      const li = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "button";
      button.textContent = "[@" + item.key + "]";
      button.addEventListener("click", () => insertKey(item.key));
      li.append(button, " " + item.label + " (" + item.kind + ")" +
        (item.retracted ? " — RETRACTED" : ""));
      results.append(li);
    }
  }

  let timer = null;
  query.addEventListener("input", () => {
    clearTimeout(timer);
    const q = query.value.trim();
    if (q.length < 2) { results.replaceChildren(); return; }
    timer = setTimeout(async () => {
      const url = box.dataset.searchUrl + "?q=" + encodeURIComponent(q);
      const response = await fetch(url, { credentials: "same-origin" });
      if (response.ok) show((await response.json()).results);
    }, 250);
  });

  const lookupButton = document.getElementById("cite-helper-lookup");
  if (lookupButton) {
    const identifier = document.getElementById("cite-helper-identifier");
    const status = document.getElementById("cite-helper-status");
    lookupButton.addEventListener("click", async () => {
      const token = document.querySelector("[name=csrfmiddlewaretoken]");
      const form = new FormData();
      form.append("identifier", identifier.value);
      status.textContent = "Looking up…";
      const response = await fetch(box.dataset.lookupUrl, {
        method: "POST",
        body: form,
        credentials: "same-origin",
        headers: { "X-CSRFToken": token ? token.value : "" },
      });
      const data = await response.json();
      if (!response.ok) { status.textContent = data.error; return; }
      status.textContent = (data.created ? "Added " : "Already in the library: ") + data.key;
      insertKey(data.key);
    });
  }
})();
