// klacht staff UI: small progressive enhancements. Every page works
// without this file.
(function () {
  "use strict";

  // Move focus to the error summary so screen readers announce it.
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();

  // The menu's groups close when the user clicks elsewhere or presses
  // Escape, as a menu does; one group is open at a time.
  var groups = document.querySelectorAll(".menu-group details");
  function closeGroups(except) {
    groups.forEach(function (d) { if (d !== except) d.open = false; });
  }
  groups.forEach(function (d) {
    // On the click itself, so no two groups are ever open at once.
    d.querySelector("summary").addEventListener("click", function () { closeGroups(d); });
    d.addEventListener("toggle", function () { if (d.open) closeGroups(d); });
  });
  document.addEventListener("click", function (e) {
    if (!e.target.closest || !e.target.closest(".menu-group")) closeGroups(null);
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    groups.forEach(function (d) {
      if (d.open) { d.open = false; d.querySelector("summary").focus(); }
    });
  });

  // A link to an action behind a closed disclosure opens it.
  function openTarget() {
    var id = location.hash.slice(1);
    var el = id && document.getElementById(id);
    if (el && el.tagName === "DETAILS") el.open = true;
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();

  var form = document.getElementById("complaint-form");
  if (!form) return;

  // Ctrl+Enter (or Cmd+Enter) registers from anywhere in the form.
  form.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      form.requestSubmit();
    }
  });

  // P4.1, P4.7: fill name and address from the member number: from the
  // membership system, the member file or the member's last complaint.
  // Fields already typed are kept.
  var member = document.getElementById("f-complainant-member_number");
  var status = document.getElementById("member-status");
  if (!member || !status) return;
  var map = {
    name: "f-complainant-name", address: "f-complainant-address",
    postcode: "f-complainant-postcode", city: "f-complainant-city",
    email: "f-complainant-email", phone: "f-complainant-phone"
  };
  var last = "";
  member.addEventListener("change", function () {
    var nr = member.value.trim();
    if (!nr || nr === last) return;
    last = nr;
    fetch("/api/v1/complainants/" + encodeURIComponent(nr), {
      headers: { "Accept": "application/json" }, credentials: "same-origin"
    }).then(function (res) {
      if (!res.ok) { status.textContent = status.dataset.none || ""; return null; }
      return res.json();
    }).then(function (p) {
      if (!p) return;
      var filled = 0;
      Object.keys(map).forEach(function (k) {
        var el = document.getElementById(map[k]);
        if (el && !el.value && p[k]) { el.value = p[k]; filled++; }
      });
      // Say where the data came from: the membership system, the member
      // file, or the member's last complaint (and that the system was down).
      var from = status.dataset[p.source] || status.dataset.filled || "";
      if (p.updated_at && p.source === "member_file") { from = from.replace("%s", p.updated_at.slice(0, 10)); }
      var said = filled ? from : "";
      if (p.membership_system_unavailable) { said = (status.dataset.down || "") + " " + said; }
      status.textContent = said;
    }).catch(function () { status.textContent = ""; });
  });
})();

// The caller log (P3.1) keeps itself current: every ten seconds the
// list is fetched again and replaced, while the page is visible.
(function () {
  var log = document.getElementById("calls-log");
  if (!log) return;
  setInterval(function () {
    if (document.hidden) return;
    fetch("/calls", { credentials: "same-origin" }).then(function (res) {
      return res.ok ? res.text() : null;
    }).then(function (html) {
      if (!html) return;
      var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("calls-log");
      if (fresh && fresh.innerHTML !== log.innerHTML) log.innerHTML = fresh.innerHTML;
    }).catch(function () {});
  }, 10000);
})();
