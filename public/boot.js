/*! Micro Work boot loader (a classic script in <head>, so it runs before the first paint).
 * - Picks the language: ?lang=, then the person's earlier choice, then the browser's, then Italian.
 * - The start page ("/") is plain HTML already in index.html: it needs no WebAssembly, so a first visit on a
 *   weak connection downloads only a few kilobytes. Every other page loads the app (wasm) at once.
 * - On app pages, registers the service worker once the page has loaded, so the app works offline after one
 *   visit. The start page alone does not: its first visit stays a few kilobytes (a returning visitor's worker
 *   keeps serving it offline anyway).
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = document.documentElement;
  var LANGS = ["it", "en", "ro", "ar", "sq", "uk", "zh", "fr"];
  // The static start page is written in these; a person reading another language gets the app there too.
  var STATIC_LANGS = ["it", "en"];
  var params = new URLSearchParams(location.search);

  function supported(code) {
    var primary = String(code || "").split(/[-_]/)[0].toLowerCase();
    return LANGS.indexOf(primary) >= 0 ? primary : null;
  }
  function stored() {
    try { return localStorage.getItem("mw.lang"); } catch (e) { return null; }
  }
  function remember(lang) {
    try { localStorage.setItem("mw.lang", lang); } catch (e) { /* storage may be blocked */ }
  }
  var langs = navigator.languages || [navigator.language];
  var lang = supported(params.get("lang")) || supported(stored());
  for (var i = 0; !lang && i < langs.length; i++) lang = supported(langs[i]);
  lang = lang || "it";
  if (params.get("lang") && supported(params.get("lang"))) remember(lang);
  root.lang = lang;
  if (lang === "ar") root.dir = "rtl";

  var isStart = location.pathname === "/" && !params.has("embed") && STATIC_LANGS.indexOf(lang) >= 0;
  root.setAttribute("data-boot", isStart ? "start" : "app");

  var loading = null;
  function failed() {
    // Never leave "Caricamento…" forever: say what happened and how to try again.
    var box = document.querySelector(".mw-boot__loading");
    if (!box) return;
    box.innerHTML = "";
    var text = lang === "en" ? "Micro Work could not start. Check your connection and " : "Non è stato possibile avviare Micro Work. Controlla la connessione e ";
    var link = document.createElement("a");
    link.href = location.href;
    link.textContent = lang === "en" ? "reload the page" : "ricarica la pagina";
    box.appendChild(document.createTextNode(text));
    box.appendChild(link);
    box.appendChild(document.createTextNode("."));
    box.setAttribute("role", "alert");
  }
  function loadApp() {
    if (!loading && script) {
      loading = import(script.dataset.js).then(function (glue) {
        return glue.default({ module_or_path: script.dataset.wasm });
      }).catch(function () {
        if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", failed);
        else failed();
      });
    }
    return loading;
  }
  if (!isStart) loadApp();

  document.addEventListener("DOMContentLoaded", function () {
    // The static start page's language buttons work without the app.
    var buttons = document.querySelectorAll("[data-set-lang]");
    for (var j = 0; j < buttons.length; j++) {
      buttons[j].addEventListener("click", function (event) {
        var chosen = supported(event.currentTarget.getAttribute("data-set-lang"));
        if (!chosen) return;
        root.lang = chosen;
        remember(chosen);
        var title = document.querySelector('[data-title-lang="' + chosen + '"]');
        if (title) document.title = title.getAttribute("content");
        var heading = document.querySelector('.mw-static [lang="' + chosen + '"] h1');
        if (heading) heading.focus();
      });
    }
    var title = document.querySelector('[data-title-lang="' + lang + '"]');
    if (isStart && title) document.title = title.getAttribute("content");
  });

  window.addEventListener("load", function () {
    if (!("serviceWorker" in navigator) || isStart) return;
    // After the page is fully loaded, and a moment later, so it never competes with what the person sees.
    setTimeout(function () { navigator.serviceWorker.register("/sw.js").catch(function () {}); }, 2000);
  });
})();
