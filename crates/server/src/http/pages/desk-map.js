/*! Micro Work, operators' desk page: comune suggestions and a pin on a map, over the plain form.
 * Progressive enhancement only: without this script (or if Leaflet or the data cannot load) the typed comune
 * and the latitude/longitude fields work as before, and they stay the accessible way to set the position.
 * Everything comes from our own origin: the app's comuni.json, regioni.geojson, config.json (an optional tile
 * server) and the Leaflet files the locator uses (/vendor/leaflet/). No tiles configured: the region outlines
 * and the names of nearby comuni are drawn instead, as in the locator, so it works offline too.
 */
(function () {
  "use strict";
  var comune = document.getElementById("comune");
  var list = document.getElementById("comuni-elenco");
  var lat = document.getElementById("lat");
  var lon = document.getElementById("lon");
  var block = document.getElementById("mappa-blocco");
  var box = document.getElementById("mappa");
  if (!comune || !list || !lat || !lon) return;

  /* Suggestions are shown after this many letters. */
  var MIN_LETTERS = 2;
  var MAX_SUGGESTIONS = 30;
  var ITALY = [[36.6, 6.6], [47.1, 18.6]];

  function key(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  /* comuni.json is columnar: ISTAT codes, coordinates (× scale) and CAPs are differences from the row before;
   * `prov` indexes `provinces`. Only names and points are needed here. */
  function decode(f) {
    var out = [];
    var la = 0, lo = 0;
    for (var i = 0; i < f.name.length; i++) {
      la += f.lat[i];
      lo += f.lon[i];
      var prov = (f.provinces[f.prov[i]] || [""])[0];
      var label = f.name[i] + " (" + prov + ")";
      out.push({ label: label, key: key(f.name[i]), lat: la / f.scale, lon: lo / f.scale });
    }
    return out;
  }

  var comuni = null;
  function loadComuni() {
    if (!comuni) {
      comuni = fetch("/data/comuni.json")
        .then(function (r) { if (!r.ok) throw new Error("comuni.json " + r.status); return r.json(); })
        .then(decode);
      comuni.catch(function () { comuni = null; });
    }
    return comuni;
  }

  function byLabel(all, typed) {
    var t = key(typed);
    for (var i = 0; i < all.length; i++) if (key(all[i].label) === t) return all[i];
    return null;
  }

  function suggest(all, typed) {
    var t = key(typed);
    var starts = [], inside = [];
    for (var i = 0; i < all.length && starts.length < MAX_SUGGESTIONS; i++) {
      var k = all[i].key;
      if (k.indexOf(t) === 0) starts.push(all[i]);
      else if (inside.length < MAX_SUGGESTIONS && k.indexOf(t) > 0) inside.push(all[i]);
    }
    starts.sort(function (a, b) { return a.key.length - b.key.length || a.label.localeCompare(b.label, "it"); });
    var options = starts.concat(inside).slice(0, MAX_SUGGESTIONS).map(function (c) {
      var o = document.createElement("option");
      o.value = c.label;
      return o;
    });
    list.replaceChildren.apply(list, options);
  }

  /* ---- the map (only when Leaflet loads) ---- */
  var map = null, marker = null, towns = null, allComuni = null;

  function number(s) {
    var v = parseFloat(String(s).trim().replace(",", "."));
    return isFinite(v) ? v : null;
  }
  function fieldPoint() {
    var a = number(lat.value), b = number(lon.value);
    return a !== null && b !== null && a >= -90 && a <= 90 && b >= -180 && b <= 180 ? [a, b] : null;
  }
  function fill(ll) {
    lat.value = ll.lat.toFixed(5);
    lon.value = ll.lng.toFixed(5);
  }
  function place(ll) {
    if (!marker) {
      marker = L.marker(ll, { draggable: true, autoPan: true, title: "Posizione dello sportello", alt: "Posizione dello sportello" }).addTo(map);
      marker.on("dragend", function () { fill(marker.getLatLng()); });
    } else {
      marker.setLatLng(ll);
    }
  }

  /* Names of the comuni in view, so the map says where it is without any tile server. */
  function drawTowns() {
    if (!map || !allComuni || !towns) return;
    towns.clearLayers();
    if (map.getZoom() < 10) return;
    var b = map.getBounds(), n = 0;
    for (var i = 0; i < allComuni.length && n < 80; i++) {
      var c = allComuni[i];
      if (!b.contains([c.lat, c.lon])) continue;
      n++;
      L.marker([c.lat, c.lon], {
        pane: "op-towns", interactive: false, keyboard: false,
        icon: L.divIcon({ className: "op-town", html: "", iconSize: null })
      }).addTo(towns).getElement().textContent = c.label;
    }
  }

  function script(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = resolve;
      s.onerror = function () { reject(new Error("cannot load " + src)); };
      document.head.appendChild(s);
    });
  }

  function json(url) {
    return fetch(url).then(function (r) { if (!r.ok) throw new Error(url + " " + r.status); return r.json(); });
  }

  function startMap() {
    if (!block || !box) return;
    /* Leaflet finds its marker images through its stylesheet: wait for it before the first marker. */
    var css = new Promise(function (resolve, reject) {
      var l = document.createElement("link");
      l.rel = "stylesheet";
      l.href = "/vendor/leaflet/leaflet.css";
      l.onload = resolve;
      l.onerror = reject;
      document.head.appendChild(l);
    });
    Promise.all([script("/vendor/leaflet/leaflet.js"), json("/config.json").catch(function () { return {}; }), css]).then(function (got) {
      var config = got[1] || {};
      block.hidden = false;
      map = L.map(box, { minZoom: 5, maxZoom: 18, keyboard: true });
      map.attributionControl.setPrefix('<a href="https://leafletjs.com" target="_blank" rel="noopener">Leaflet</a>');
      map.createPane("op-towns");
      map.getPane("op-towns").style.pointerEvents = "none";
      var tiles = config.tile_server;
      if (tiles && tiles.url) L.tileLayer(tiles.url, { attribution: tiles.attribution, maxZoom: 18 }).addTo(map);
      json("/data/regioni.geojson").then(function (geo) {
        L.geoJSON(geo, {
          interactive: false,
          attribution: "Confini: © ISTAT, openpolis (CC BY 4.0)",
          style: { color: "#0b4f6c", weight: 1, fillColor: "#e7f0f3", fillOpacity: tiles ? 0.15 : 0.9 }
        }).addTo(map).bringToBack();
      }).catch(function () { /* no outline: the pin and the fields still work */ });
      towns = L.layerGroup().addTo(map);
      map.on("moveend", drawTowns);
      map.on("click", function (e) { place(e.latlng); fill(e.latlng); });
      var p = fieldPoint();
      if (p) { place(p); map.setView(p, 15); } else { map.fitBounds(ITALY); }
      loadComuni().then(function (all) {
        allComuni = all;
        var c = !fieldPoint() && byLabel(all, comune.value);
        if (c) map.setView([c.lat, c.lon], 13); else drawTowns();
      }).catch(function () {});
    }).catch(function () { /* no Leaflet: the fields alone, as without script */ });
  }

  /* ---- wiring ---- */
  comune.addEventListener("input", function () {
    var typed = comune.value;
    if (key(typed).length < MIN_LETTERS) return;
    loadComuni().then(function (all) {
      if (comune.value !== typed) return;
      var picked = byLabel(all, typed);
      if (picked) {
        /* A comune was chosen: show it; the pin stays where it is until the operator moves it. */
        if (map) map.setView([picked.lat, picked.lon], 13);
      } else {
        suggest(all, typed);
      }
    }).catch(function () { /* the server's list of the region's comuni stays */ });
  });

  function fromFields() {
    var p = fieldPoint();
    if (!map || !p) return;
    place(p);
    map.panTo(p);
  }
  lat.addEventListener("input", fromFields);
  lon.addEventListener("input", fromFields);

  startMap();
})();
