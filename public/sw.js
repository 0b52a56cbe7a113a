/* Micro Work service worker: the app works offline after one visit.
 * The build (`microwork precompress`) replaces VERSION and PRECACHE below with this build's file list and a
 * hash of their contents, so every deploy installs a new worker, precaches the new files, then deletes the old.
 */
"use strict";
const VERSION = "__MW_VERSION__";
const PRECACHE = ["__MW_PRECACHE__"];
const CACHE = "microwork-" + VERSION;
const BUILT = VERSION.indexOf("__") !== 0; // an unprocessed dev copy does nothing
// Where the app is published: "/" or a sub-path such as "/microwork/" (this file sits at the app's root). The
// precache list names files from the build's root ("/config.json"); they live under BASE.
const BASE = new URL("./", self.location).pathname;
const at = (path) => BASE + path.replace(/^\//, "");

self.addEventListener("install", (event) => {
  if (!BUILT) return;
  // `cache: "reload"` skips the HTTP cache: the precache must hold exactly this build's files.
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(at(url), { cache: "reload" }))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("microwork-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (!BUILT || request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith(at("/api/"))) return; // API and tiles: network only
  if (url.pathname === at("/config.json") || url.pathname === at("/data/sportelli.json")) {
    // The deployment's settings, and the desks' data (a desk's approved correction is published by the server
    // at once, issue 19), may change without a new build: network first (revalidated: no-cache + ETag), the
    // cached copy offline.
    event.respondWith(
      fetch(request).then((fresh) => {
        if (fresh.ok) caches.open(CACHE).then((cache) => cache.put(url.pathname, fresh.clone()));
        return fresh;
      }).catch(() => caches.match(url.pathname, { cacheName: CACHE }))
    );
    return;
  }
  if (url.pathname.startsWith(at("/locales/")) || url.pathname.startsWith(at("/data/i18n/"))) {
    // The texts of the languages other than Italian and English are not precached (an Italian visitor never
    // downloads them): the person's own language is kept here on first use, so it works offline after one visit.
    event.respondWith(
      caches.open(CACHE).then((cache) => cache.match(url.pathname).then((hit) => hit || fetch(request).then((fresh) => {
        if (fresh.ok) cache.put(url.pathname, fresh.clone());
        return fresh;
      })))
    );
    return;
  }
  if (request.mode === "navigate") {
    // The page's own prerendered file if the build made one (route, question, desk), else the app's shell;
    // both reference this build's files.
    const page = url.pathname.replace(/\/+$/, "") + "/index.html";
    event.respondWith(
      caches.match(page, { cacheName: CACHE })
        .then((hit) => hit || caches.match(at("/index.html"), { cacheName: CACHE }))
        .then((hit) => hit || fetch(request))
    );
    return;
  }
  event.respondWith(
    caches.match(url.pathname, { cacheName: CACHE }).then((hit) => hit || fetch(request))
  );
});
