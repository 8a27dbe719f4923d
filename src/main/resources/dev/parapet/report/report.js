// parapet HTML report: filters for the findings table, zoom for the attack graph, path highlight.
// Plain DOM, no libraries, nothing fetched. Every value it reads comes from data-* attributes.
(function () {
  "use strict";
  var table = document.getElementById("findings-table");
  if (table) {
    var filters = {
      sev: document.getElementById("filter-severity"),
      ns: document.getElementById("filter-namespace"),
      check: document.getElementById("filter-check"),
      suppressed: document.getElementById("filter-suppressed")
    };
    var counter = document.getElementById("findings-shown");
    var rows = table.tBodies[0].rows;
    var apply = function () {
      var shown = 0;
      for (var i = 0; i < rows.length; i++) {
        var r = rows[i];
        var ok = (filters.sev.value === "" || r.dataset.severity === filters.sev.value) &&
          (filters.ns.value === "" || r.dataset.namespace === filters.ns.value) &&
          (filters.check.value === "" || r.dataset.check === filters.check.value) &&
          (filters.suppressed.checked || r.dataset.suppressed !== "true");
        r.hidden = !ok;
        if (ok) { shown++; }
      }
      counter.textContent = String(shown);
    };
    [filters.sev, filters.ns, filters.check, filters.suppressed].forEach(function (el) {
      el.addEventListener("change", apply);
    });
    apply();
  }

  var svg = document.getElementById("attack-graph");
  if (svg) {
    var box = svg.viewBox.baseVal;
    var natural = { w: box.width, h: box.height };
    var scale = 1;
    var setScale = function (s) {
      scale = Math.min(4, Math.max(0.1, s));
      svg.setAttribute("width", String(Math.round(natural.w * scale)));
      svg.setAttribute("height", String(Math.round(natural.h * scale)));
      document.getElementById("graph-scale").textContent = Math.round(scale * 100) + "%";
    };
    var fit = function () {
      var box = svg.parentNode;
      setScale(Math.min(1, (box.clientWidth - 4) / natural.w, (box.clientHeight - 4) / natural.h));
    };
    document.getElementById("graph-zoom-in").addEventListener("click", function () { setScale(scale * 1.25); });
    document.getElementById("graph-zoom-out").addEventListener("click", function () { setScale(scale / 1.25); });
    document.getElementById("graph-fit").addEventListener("click", fit);
    document.getElementById("graph-actual").addEventListener("click", function () { setScale(1); });
    // start at full size, where labels are readable; "fit" gives the overview
    setScale(1);
    // drag to pan: the box scrolls under the pointer
    var holder = svg.parentNode;
    var drag = null;
    holder.addEventListener("mousedown", function (e) {
      drag = { x: e.clientX, y: e.clientY, left: holder.scrollLeft, top: holder.scrollTop };
      holder.classList.add("dragging");
    });
    window.addEventListener("mousemove", function (e) {
      if (drag) {
        holder.scrollLeft = drag.left - (e.clientX - drag.x);
        holder.scrollTop = drag.top - (e.clientY - drag.y);
      }
    });
    window.addEventListener("mouseup", function () {
      drag = null;
      holder.classList.remove("dragging");
    });

    var clear = function () {
      svg.querySelectorAll(".selected").forEach(function (el) { el.classList.remove("selected"); });
    };
    document.querySelectorAll("[data-path-index]").forEach(function (el) {
      el.addEventListener("toggle", function () {
        if (!el.open) { clear(); return; }
        clear();
        var index = el.dataset.pathIndex;
        svg.querySelectorAll(".edge").forEach(function (edge) {
          var paths = (edge.dataset.paths || "").split(" ");
          if (paths.indexOf(index) >= 0) {
            edge.classList.add("selected");
            [edge.dataset.from, edge.dataset.to].forEach(function (id) {
              svg.querySelectorAll(".vertex").forEach(function (v) {
                if (v.dataset.id === id) { v.classList.add("selected"); }
              });
            });
          }
        });
      });
    });
  }
})();
