// Autosave of the admin change page: every few seconds the unsaved title, summary and body
// go into the editor's own draft slot (not a version); "Restore" puts them back in the form.
(() => {
  const box = document.getElementById("autosave");
  if (!box) return;
  const names = ["title", "summary", "body"];
  const fields = Object.fromEntries(names.map((n) => [n, document.getElementById(`id_${n}`)]));
  if (!fields.body) return;
  const status = document.getElementById("autosave-status");
  const headers = { "X-CSRFToken": box.dataset.csrf };
  const current = () => names.map((n) => (fields[n] ? fields[n].value : "")).join("\u0000");
  let sent = current();

  const save = async () => {
    const now = current();
    if (now === sent) return;
    const form = new FormData();
    names.forEach((n) => form.append(n, fields[n] ? fields[n].value : ""));
    try {
      const response = await fetch(box.dataset.autosaveUrl, {
        method: "POST", body: form, credentials: "same-origin", headers,
      });
      const data = await response.json();
      if (!response.ok) { status.textContent = `Not autosaved: ${data.error}`; return; }
      sent = now;
      status.textContent = data.saved_at ? `Unsaved changes kept at ${data.saved_at}.` : "";
    } catch (error) {
      // Offline for a moment: the next round tries again.
    }
  };
  setInterval(save, Number(box.dataset.every || 5) * 1000);

  const offer = document.getElementById("autosave-offer");
  const restore = document.getElementById("autosave-restore");
  if (restore) {
    restore.addEventListener("click", () => {
      names.forEach((n) => {
        const kept = document.getElementById(`autosave-${n}`);
        if (kept && fields[n]) fields[n].value = JSON.parse(kept.textContent);
      });
      offer.hidden = true;
      sent = "";  // keep the restored text in the slot
    });
  }
  const discard = document.getElementById("autosave-discard");
  if (discard) {
    discard.addEventListener("click", () => {
      fetch(box.dataset.discardUrl, { method: "POST", credentials: "same-origin", headers });
      offer.hidden = true;
    });
  }
  // Saving the form drops the slot on the server; nothing to send after the submit.
  const form = fields.body.form;
  if (form) form.addEventListener("submit", () => { sent = current(); });
})();
