// The heartbeat of "Being edited by …": every few seconds, tell the server this page is
// open and show who else has the article open. Not a lock: when the tab closes the beats
// stop and the presence expires on its own.
(() => {
  const box = document.getElementById("editing-presence");
  if (!box) return;
  const stale = document.getElementById("stale-save-warning");
  const openedAt = Number(box.dataset.lockVersion);
  const headers = { "X-CSRFToken": box.dataset.csrf };

  const show = (data) => {
    box.textContent = data.message;
    box.hidden = !data.message;
    // The admin's form carries the lock version it was opened at; a save would be refused.
    const field = document.querySelector("[name=expected_lock_version]");
    const expected = field ? Number(field.value) : openedAt;
    if (stale) stale.hidden = !(data.lock_version > expected);
  };

  const beat = async () => {
    try {
      const response = await fetch(box.dataset.heartbeatUrl, {
        method: "POST", credentials: "same-origin", headers,
      });
      if (response.ok) show(await response.json());
    } catch (error) {
      // Offline for a moment: the next beat tries again.
    }
  };

  beat();
  setInterval(beat, Number(box.dataset.every || 15) * 1000);
  window.addEventListener("pagehide", () => {
    fetch(box.dataset.leaveUrl, {
      method: "POST", credentials: "same-origin", headers, keepalive: true,
    });
  });
})();
