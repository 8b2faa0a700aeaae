// Small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";

  // Drag and drop files on the upload zone; the list of chosen files is read out (aria-live).
  document.querySelectorAll("[data-dropzone]").forEach(function (form) {
    var zone = form.querySelector(".dropzone");
    var input = form.querySelector("input[type=file]");
    var list = form.querySelector(".dropzone-list");
    function showNames() {
      var names = Array.prototype.map.call(input.files, function (f) { return f.name; });
      if (list) list.textContent = names.length ? names.length + " fichier(s) : " + names.join(", ") : "";
    }
    input.addEventListener("change", showNames);
    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (event) { event.preventDefault(); zone.classList.add("dragging"); });
    });
    ["dragleave", "drop"].forEach(function (type) {
      zone.addEventListener(type, function () { zone.classList.remove("dragging"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        showNames();
      }
    });
  });

  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // Analysis progress: poll the API; the state lives on the server, so a reload resumes here.
  var job = document.getElementById("job");
  if (job && (job.dataset.status === "queued" || job.dataset.status === "running")) {
    var stages = {read: [1, "Lecture des documents"], detect: [2, "Repérage des clauses"],
                  score: [3, "Notation"], save: [4, "Enregistrement"]};
    var poll = function () {
      fetch(job.dataset.statusUrl, {headers: {Accept: "application/json"}})
        .then(function (r) { return r.json(); })
        .then(function (state) {
          if (state.status === "done" || state.status === "error") { window.location.reload(); return; }
          var stage = stages[state.stage] || [1, "En attente"];
          document.getElementById("job-progress").value = state.progress || 0;
          document.getElementById("job-percent").textContent = state.progress || 0;
          document.getElementById("job-status").textContent = state.status === "running" ? "en cours" : "en attente";
          document.getElementById("job-step").textContent = stage[0];
          document.getElementById("job-stage").firstChild.textContent = stage[1] + " ";
          var steps = job.querySelector(".fr-stepper__steps");
          if (steps) steps.setAttribute("data-fr-current-step", stage[0]);
          window.setTimeout(poll, 1000);
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    };
    window.setTimeout(poll, 500);
  }

  // Annotated documents: the passage named in the address is outlined, wherever it is cut. A
  // passage shown on another page of the documents (an old link) is reached through the map.
  var passageMap = document.getElementById("passage-map");
  function markTarget() {
    document.querySelectorAll("mark.current").forEach(function (m) { m.classList.remove("current"); });
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!/^(clause|finding)-\d+$/.test(id)) return;
    var marks = document.querySelectorAll('mark[data-spans~="' + id + '"]');
    if (!marks.length && passageMap) {
      var where = JSON.parse(passageMap.dataset.map || "{}")[id];
      if (where && where !== window.location.search) {
        window.location.replace(passageMap.dataset.base + where + "#" + id);
        return;
      }
    }
    marks.forEach(function (m) { m.classList.add("current"); });
    if (marks.length) {
      marks[0].setAttribute("tabindex", "-1");
      marks[0].scrollIntoView({block: "center"});
      marks[0].focus({preventScroll: true});
    }
  }
  window.addEventListener("hashchange", markTarget);
  markTarget();
})();
