/*! Micro Work boot loader (a classic script in <head>, so it runs before the first paint).
 * - Picks the language: ?lang=, then the person's earlier choice, then the browser's, then Italian.
 * - The start page ("/", or the sub-path the app is published under) is plain HTML already: it needs no WebAssembly, so a first visit on a weak connection
 *   downloads only a few kilobytes. Every other page loads the app (wasm) once its first screen is painted.
 * - Every page's first screen is already in its HTML (prerendered by the build, both languages). The app renders
 *   the same markup hidden behind it; when the app's page has its heading, the static copy goes in one step (no
 *   blank moment, no shift), keeping what the person already typed or chose and where their focus was.
 * - Once the first screen is painted, the main module downloads, and with it the configuration and the texts the
 *   app reads first; the page's own part of the app (listed by the build on the page) follows.
 * - A part of the app that fails to download (a route's chunk) never stops the app: the page says so and offers
 *   to try again (see crates/build/src/loader.rs).
 * - On app pages, registers the service worker once the app has taken the page over, so the app works offline
 *   after one visit. The start page alone does not: its first visit stays a few kilobytes (a returning
 *   visitor's worker keeps serving it offline anyway).
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
  // Italian, or English for every other language (the boot lines exist in these two).
  function say(it, en) { return root.lang === "it" ? it : en; }

  // Where the app is published: "/" or a sub-path such as "/microwork/" (this file sits at the app's root).
  var base = script && script.src ? new URL(".", script.src).pathname : "/";
  var isStart = location.pathname === base && !params.has("embed") && STATIC_LANGS.indexOf(lang) >= 0;
  root.setAttribute("data-boot", isStart ? "start" : "app");

  var loading = null;
  function failed() {
    // Never leave "Caricamento…" forever: say what happened and how to try again.
    var box = document.querySelector("#boot .mw-boot__loading");
    if (!box) return;
    box.hidden = false; // prerendered pages keep it hidden until needed
    box.innerHTML = "";
    var link = document.createElement("a");
    link.href = location.href;
    link.textContent = say("ricarica la pagina", "reload the page");
    box.appendChild(document.createTextNode(say("Non è stato possibile avviare Micro Work. Controlla la connessione e ", "Micro Work could not start. Check your connection and ")));
    box.appendChild(link);
    box.appendChild(document.createTextNode("."));
    box.setAttribute("role", "alert");
  }
  function whenReady(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }
  // Resolves once the first contentful paint is on screen (paint timing reports presentation, not just the main
  // thread's part of the frame: on a busy phone the frame can reach the screen a second later), or after two
  // seconds (a hidden tab or an off-screen frame paints nothing; a browser without paint timing).
  function firstPaint() {
    return new Promise(function (resolve) {
      setTimeout(resolve, 2000);
      try {
        new PerformanceObserver(function (list, observer) {
          if (list.getEntriesByName("first-contentful-paint").length) {
            observer.disconnect();
            resolve();
          }
        }).observe({ type: "paint", buffered: true });
      } catch (e) { /* the timeout starts the app */ }
    });
  }
  // The page's own part of the app (`data-prefetch`, written by the build on each prerendered page): fetched
  // alongside the main module, so that it is there, in the HTTP cache, when the app routes to the page, instead
  // of being asked for only then (a round trip and the app's start-up later). A failure here changes nothing:
  // the app's chunk loader fetches, and reports, for itself.
  function prefetchPart() {
    var names = (script.dataset.prefetch || "").split(" ");
    for (var i = 0; i < names.length; i++) {
      if (!names[i]) continue;
      fetch(new URL(names[i], script.src), { priority: "low" })
        .then(function (r) { return r.arrayBuffer(); })
        .catch(function () { /* the loader will try again */ });
    }
  }
  // What the app asks for first thing, once it runs: the configuration, the texts in the person's language and
  // the data the page's first screen reads (`data-early`, written by the build on each page). Asked for here,
  // once the page is painted, they download alongside the main module instead of a round trip or two after it;
  // the app takes these answers (src/api.rs, `get_text`). The texts' address carries the file's version
  // (`data-locales`, also from the build), as the app's does.
  function fetchEarly() {
    var early = window.mwEarly = {};
    var urls = [base + "config.json"];
    var version = "";
    var versions = (script.dataset.locales || "").split(" ");
    for (var i = 0; i < versions.length; i++) {
      var pair = versions[i].split(":");
      if (pair[0] === root.lang && pair[1]) version = "?v=" + pair[1];
    }
    var data = (script.dataset.early || "").split(" ");
    // The texts: the page names its own file (`{locale}`: both parts in one) or reads the first part.
    if (version && (script.dataset.early || "").indexOf("{locale}") < 0) urls.push(base + "locales/" + root.lang + ".json" + version);
    // A data file with texts comes in one copy per inline language: Italian, else English (src/api.rs); the
    // texts (`{locale}`) in the person's language, with the file's version (src/i18n).
    var inline = root.lang === "it" ? "it" : "en";
    for (var j = 0; j < data.length; j++) {
      if (!data[j]) continue;
      if (data[j].indexOf("{locale}") >= 0) {
        if (version) urls.push(base + data[j].replace("{locale}", root.lang) + version);
      } else {
        urls.push(base + data[j].replace("{lang}", inline));
      }
    }
    urls.forEach(function (url) {
      early[url] = fetch(url);
      early[url].catch(function () { /* the app asks again */ });
    });
  }
  // The glue downloads at once. The main module is fetched once `painted` resolves, without waiting for the
  // glue (and the module it imports: two round trips more, over a second on slow 4G), and compiled and run (a
  // long task on a phone) when both are there. The page's part is fetched with it, at a lower priority: asked
  // for once the glue had run instead, the app took the page over 0.1-0.4 s later on slow 4G (real throttling).
  function loadApp(painted) {
    if (!loading && script) {
      var wasm = painted.then(function () {
        fetchEarly();
        var main = fetch(script.dataset.wasm);
        prefetchPart();
        return main;
      });
      wasm.catch(function () { /* reported below, once the glue has it */ });
      loading = Promise.all([import(script.dataset.js), wasm]).then(function (ready) {
        return ready[0].default({ module_or_path: ready[1] });
      }).catch(function (error) {
        console.error("Micro Work could not start:", error);
        whenReady(failed);
      });
    }
    return loading;
  }

  // A route's chunk did not download: say so once, and resolve (= try again) when the person asks or the
  // connection comes back. Called by the chunk loader; several failures share one message.
  var retry = null;
  window.mwChunkFailed = function () {
    if (retry) return retry.promise;
    var notice = document.createElement("div");
    notice.className = "mw-update mw-chunk-failed";
    notice.setAttribute("role", "alert");
    var text = document.createElement("p");
    text.className = "mw-update__text";
    text.appendChild(document.createTextNode(say(
      "Questa pagina non si è caricata: la connessione sembra interrotta. ",
      "This page did not load: the connection seems to be down. ")));
    var button = document.createElement("button");
    button.type = "button";
    button.className = "mw-button mw-button--secondary mw-button--small";
    button.textContent = say("Riprova", "Try again");
    text.appendChild(button);
    notice.appendChild(text);
    var resolve;
    retry = { promise: new Promise(function (r) { resolve = r; }) };
    function again() {
      window.removeEventListener("online", again);
      notice.remove();
      retry = null;
      resolve();
    }
    button.addEventListener("click", again);
    window.addEventListener("online", again);
    whenReady(function () { document.body.insertBefore(notice, document.body.firstChild); });
    return retry.promise;
  };

  // The static first screen gives way to the app's page in one step, once that page has its heading.
  function takeOver() {
    var boot = document.getElementById("boot");
    if (!boot) return true;
    var appHeading = null;
    for (var el = boot.nextElementSibling; el && !appHeading; el = el.nextElementSibling) {
      appHeading = el.tagName === "H1" ? el : el.querySelector("h1");
    }
    if (!appHeading) return false;
    var active = document.activeElement;
    var focusId = active && boot.contains(active) && active.id;
    // What the person typed or chose before the app ran carries over (same ids, same names and values).
    var fields = boot.querySelectorAll("input, select, textarea");
    for (var j = 0; j < fields.length; j++) carry(fields[j]);
    boot.remove();
    if (focusId) {
      var target = document.getElementById(focusId);
      if (target) target.focus();
    }
    return true;
  }
  function carry(field) {
    var twin = null;
    if ((field.type === "radio" || field.type === "checkbox") && field.name) {
      twin = document.querySelector('#boot ~ * input[name="' + CSS.escape(field.name) + '"][value="' + CSS.escape(field.value) + '"]');
      if (twin && field.checked && !twin.checked) twin.click();
      return;
    }
    if (field.id) twin = findTwin(field.id);
    if (twin && field.value && !twin.value) {
      twin.value = field.value;
      twin.dispatchEvent(new Event("input", { bubbles: true }));
      twin.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }
  function findTwin(id) {
    var all = document.querySelectorAll('[id="' + CSS.escape(id) + '"]');
    for (var k = 0; k < all.length; k++) if (!all[k].closest("#boot")) return all[k];
    return null;
  }

  if (!isStart) {
    // The app starts once the static first screen is on screen: started earlier, a fast download kept the page
    // blank until the app had run (measured: first paint 218 ms or 1,246 ms on the same page, depending on that
    // race). Its main module is not preloaded: on a slow connection it would take bandwidth from the styles.
    loadApp(firstPaint());
    var shown = new Promise(function (resolve) {
      var observer = new MutationObserver(function () {
        if (!takeOver()) return;
        observer.disconnect();
        resolve();
      });
      observer.observe(root, { childList: true, subtree: true });
    });
    // A submit before the app runs would reload the page and lose the answer: wait for the app instead.
    document.addEventListener("submit", function (event) {
      if (event.target.closest && event.target.closest("#boot")) event.preventDefault();
    }, true);
    // The app stopped before showing its page (a crash): say so instead of leaving a page that does nothing.
    window.addEventListener("error", function (event) {
      if (event.error instanceof WebAssembly.RuntimeError && document.getElementById("boot")) whenReady(failed);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    // The static pages' language buttons work without the app.
    var buttons = document.querySelectorAll("#boot [data-set-lang]");
    for (var j = 0; j < buttons.length; j++) {
      buttons[j].addEventListener("click", function (event) {
        var chosen = supported(event.currentTarget.getAttribute("data-set-lang"));
        if (!chosen) return;
        root.lang = chosen;
        remember(chosen);
        var title = document.querySelector('[data-title-lang="' + chosen + '"]');
        if (title) document.title = title.getAttribute("content");
        // The start page has one heading per language; a prerendered page one heading with both.
        var heading = document.querySelector('#boot [lang="' + chosen + '"] h1') || document.querySelector("#boot h1");
        if (heading) heading.focus();
      });
    }
    var title = document.querySelector('[data-title-lang="' + lang + '"]');
    if (title) document.title = title.getAttribute("content");
  });

  window.addEventListener("load", function () {
    if (!("serviceWorker" in navigator) || isStart) return;
    // Once the app has taken the page over, and a moment later: the worker's first install downloads the whole
    // app (about a megabyte) and must not take bandwidth from the app's own start on a slow connection. (The
    // page's `load` comes before the app's modules have arrived: they do not hold it.)
    shown.then(function () {
      setTimeout(function () { navigator.serviceWorker.register(base + "sw.js").catch(function () {}); }, 2000);
    });
  });
})();
