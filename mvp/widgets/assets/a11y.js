// Keyboard and screen-reader support Streamlit lacks: a valid sidebar page list, one polite live
// region for finished replies, message labels, and focus that lands where the next keystroke belongs.
(function () {
  const doc = window.parent && window.parent.document ? window.parent.document : document;
  const win = doc.defaultView || window;
  if (win.vcA11y) { return; }
  win.vcA11y = true;

  function liveRegion() {
    let region = doc.getElementById("vc-live");
    if (!region) {
      region = doc.createElement("div");
      region.id = "vc-live";
      region.className = "vc-sr-only";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      region.setAttribute("aria-atomic", "true");
      doc.body.appendChild(region);
    }
    return region;
  }

  // Streamlit puts section headers straight into the page list (a ul): expose each section as its own named list.
  function fixPageList() {
    doc.querySelectorAll("[data-testid=stSidebarNavItems]").forEach(function (list) {
      const sections = Array.from(list.children).filter(function (child) { return child.tagName !== "LI"; });
      if (!sections.length) { return; }
      list.setAttribute("role", "none");
      sections.forEach(function (section) {
        const header = section.querySelector("[data-testid=stNavSectionHeader]");
        section.setAttribute("role", "list");
        if (header) {
          section.setAttribute("aria-label", header.textContent.replace("expand_more", "").replace("expand_less", "").trim());
          header.setAttribute("aria-hidden", "true");
        }
      });
    });
  }

  // Each chat line is named for who said it (the hidden 'You said' / 'Nadia said' label inside it).
  function labelMessages() {
    doc.querySelectorAll("[data-testid=stChatMessageContent]").forEach(function (group) {
      const said = group.querySelector(".vc-said");
      if (said) {
        const label = said.textContent.replace(/:\s*$/, "");
        if (group.getAttribute("aria-label") !== label) { group.setAttribute("aria-label", label); }
      }
    });
  }

  const announced = new Set();
  function announceFinished() {
    doc.querySelectorAll(".vc-announce").forEach(function (note) {
      const id = note.getAttribute("data-id");
      if (!id || announced.has(id)) { return; }
      announced.add(id);
      const region = liveRegion();
      region.textContent = "";
      win.setTimeout(function () { region.textContent = note.textContent; }, 100);
      focusChat(true);
    });
  }

  const focusedTargets = new WeakSet();
  let pageFocusDue = false;
  let lastHeading = null;
  let focusedHeading = null;

  function idle() {
    const active = doc.activeElement;
    return !active || active === doc.body || (active.tagName === "H1" && !!active.closest("[data-testid=stMain]"));
  }

  // Focus the message box when nothing else has focus (or when forced); true once nothing is left to do.
  function focusChat(force) {
    const box = doc.querySelector("[data-testid=stChatInputTextArea]");
    if (!box || doc.activeElement === box || !(force || idle())) { return true; }
    if (box.disabled) { return false; }
    box.focus();
    return true;
  }

  // Where focus goes: a control the page asks for when it appears (e.g. 'Yes, end and save'); on a new page (its
  // heading changed, the run over) with no message box and nothing focused, the heading; whenever nothing has
  // focus on a page with a message box, the box (unless the reader is selecting text in the transcript).
  function placeFocus() {
    const target = doc.querySelector("[class*='st-key-vc_focus_'] button");
    if (target && !focusedTargets.has(target)) {
      focusedTargets.add(target);
      target.focus();
      return;
    }
    const heading = doc.querySelector("[data-testid=stMain] h1");
    const title = heading ? heading.textContent : null;
    if (title !== lastHeading) { lastHeading = title; pageFocusDue = true; }
    const app = doc.querySelector("[data-testid=stApp]");
    const running = app && app.getAttribute("data-test-script-state") !== "notRunning";
    const box = doc.querySelector("[data-testid=stChatInputTextArea]");
    if (box) {
      pageFocusDue = false;
      const selection = doc.getSelection();
      if (!selection || selection.isCollapsed) { focusChat(false); }
      return;
    }
    // A late rerun can redraw the heading we focused; focus then falls to the body, so it goes to the new heading.
    const headingRedrawn = focusedHeading && !focusedHeading.isConnected && focusedHeading.textContent === title;
    if ((pageFocusDue && !running) || headingRedrawn) {
      pageFocusDue = false;
      focusedHeading = null;
      if (idle() && heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus();
        focusedHeading = heading;
      }
    }
  }

  let pending = false;
  function tidy() {
    pending = false;
    fixPageList();
    labelMessages();
    announceFinished();
    placeFocus();
  }
  const observer = new win.MutationObserver(function () {
    if (!pending) { pending = true; win.requestAnimationFrame(tidy); }
  });
  liveRegion();
  observer.observe(doc.body, { childList: true, subtree: true, attributes: true,
                              attributeFilter: ["data-test-script-state", "disabled"] });
  tidy();
})();
