/*! Micro Work embed — paste on a partner page:
 *  <script src="https://HOST/embed.js" data-partner="ID" data-lang="it" async></script>
 *  Optional: data-accent="#RRGGBB", data-region="12" (ISTAT code), data-page="/sportelli" (a page of the app,
 *  also when it is published under a sub-path), data-title="…".
 *  Inserts an iframe of the app after this script and keeps its height equal to the app's content.
 *  Messages are accepted only from the app's origin and from that iframe; the app answers only this page's origin.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return;
  // The app lives where this file does: at a host's root or under a sub-path (https://comune.example/microwork/).
  var appBase = new URL(".", new URL(script.src, location.href));
  var appOrigin = appBase.origin;
  var data = script.dataset;
  var params = new URLSearchParams({ embed: "1", origin: location.origin });
  ["partner", "lang", "accent", "region"].forEach(function (key) {
    if (data[key]) params.set(key, data[key]);
  });
  var base = appBase.pathname;
  var page = /^\/[a-z0-9\/-]*$/.test(data.page || "") ? data.page : base;
  // "/sportelli" means the app's page, also under a sub-path ("/microwork/sportelli", as /integra writes it).
  if (page.indexOf(base) !== 0) page = base + page.slice(1);

  var frame = document.createElement("iframe");
  frame.src = appOrigin + page + "?" + params.toString();
  frame.title = data.title || "Micro Work: microcredito e incentivi per l'autoimpiego";
  frame.setAttribute("allow", "geolocation");
  frame.style.display = "block";
  frame.style.width = "100%";
  frame.style.border = "0";
  frame.style.height = "640px"; // until the app reports its real height
  frame.className = "microwork-embed";
  script.parentNode.insertBefore(frame, script.nextSibling);

  window.addEventListener("message", function (event) {
    if (event.origin !== appOrigin || event.source !== frame.contentWindow) return;
    var msg = event.data;
    if (!msg || typeof msg !== "object") return;
    if (msg.type === "microwork:resize" && typeof msg.height === "number" && msg.height > 0 && msg.height < 100000) {
      frame.style.height = Math.ceil(msg.height) + "px";
    } else if (msg.type === "microwork:navigate" && frame.getBoundingClientRect().top < 0) {
      frame.scrollIntoView({ block: "start" });
    }
  });
  frame.addEventListener("load", function () {
    frame.contentWindow.postMessage({ type: "microwork:ping" }, appOrigin);
  });
})();
