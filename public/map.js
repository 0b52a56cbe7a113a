/*! Micro Work map: our glue over Leaflet 1.9 and Leaflet.markercluster (both vendored from npm and served
 * from our origin), loaded only when the locator page opens. The list beside it is the primary view; the map
 * mirrors it. Region boundaries and town names we ship are always drawn, so the map is useful with no tile
 * server.
 *
 * On phones the map lives behind a list/map toggle, so it is often created while hidden (no size) and shown
 * later: every view change waits until the container has a size, and a ResizeObserver fits the view again
 * whenever it gets one. A destroyed map ignores every later call (the page may still be tearing down).
 */
(function () {
  "use strict";
  var loading = null;
  /* The whole of Italy, for the overview before any desk is known. */
  var ITALY = [[36.6, 6.6], [47.1, 18.6]];

  function script(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = resolve;
      s.onerror = function () { reject(new Error("cannot load " + src)); };
      document.head.appendChild(s);
    });
  }
  function style(href) {
    if (document.querySelector('link[href="' + href + '"]')) return;
    var l = document.createElement("link");
    l.rel = "stylesheet";
    l.href = href;
    document.head.appendChild(l);
  }

  /* base: the app's base path ("/" or "/microwork/"), where vendor/ is served */
  function load(base) {
    base = base || "/";
    if (!loading) {
      style(base + "vendor/leaflet/leaflet.css");
      style(base + "vendor/markercluster/MarkerCluster.css");
      style(base + "vendor/markercluster/MarkerCluster.Default.css");
      loading = script(base + "vendor/leaflet/leaflet.js").then(function () {
        return script(base + "vendor/markercluster/leaflet.markercluster.js");
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  function pin(selected, origin) {
    return L.divIcon({
      className: "mw-marker" + (selected ? " mw-marker--selected" : "") + (origin ? " mw-marker--origin" : ""),
      html: '<span class="mw-marker__pin" aria-hidden="true"></span>',
      iconSize: [30, 40],
      iconAnchor: [15, 40],
      popupAnchor: [0, -36]
    });
  }

  function text(tag, className, content) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    e.textContent = content;
    return e;
  }

  /* A desk's popup: its name, how far it is, how sure we are, and a link to its page. */
  function popup(d) {
    var box = document.createElement("div");
    box.className = "mw-popup";
    box.appendChild(text("p", "mw-popup__name", d.name));
    if (d.distance) box.appendChild(text("p", "mw-popup__meta", d.distance));
    if (d.status) box.appendChild(text("p", "mw-popup__meta", d.status));
    var p = document.createElement("p");
    var a = text("a", "mw-popup__link", d.linkText);
    a.href = d.href;
    p.appendChild(a);
    box.appendChild(p);
    return box;
  }

  /* options: { boundaries: url, towns: url, tiles: {url, attribution} | null, boundariesAttribution } */
  function create(el, options) {
    var map = L.map(el, { zoomControl: true, attributionControl: true, minZoom: 5, maxZoom: 17, keyboard: true });
    map.attributionControl.setPrefix('<a href="https://leafletjs.com" target="_blank" rel="noopener">Leaflet</a>');
    /* A view is needed before anything is added; the real one is fitted once the container has a size. */
    map.setView([42.0, 12.6], 5);
    map.createPane("mw-towns");
    map.getPane("mw-towns").style.zIndex = 450;
    map.getPane("mw-towns").style.pointerEvents = "none";
    if (options.tiles && options.tiles.url) {
      L.tileLayer(options.tiles.url, { attribution: options.tiles.attribution, maxZoom: 17 }).addTo(map);
    }
    var alive = true;
    var shown = false;
    fetch(options.boundaries).then(function (r) { return r.json(); }).then(function (geo) {
      if (!alive) return;
      L.geoJSON(geo, {
        interactive: false,
        attribution: options.boundariesAttribution,
        style: { color: "#0b4f6c", weight: 1, fillColor: "#e7f0f3", fillOpacity: options.tiles ? 0.15 : 0.9 }
      }).addTo(map).bringToBack();
    }).catch(function () { /* the list still works; the map just shows no outline */ });

    var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40, spiderfyOnMaxZoom: true });
    map.addLayer(cluster);
    var markers = {};
    var selected = null;
    var origin = null;
    var bounds = null;
    var towns = [];
    /* towns.json: [{name, lat, lon}], most important first (crates/build/src/towns.rs) */
    if (options.towns) {
      fetch(options.towns).then(function (r) { return r.json(); }).then(function (list) {
        if (!alive) return;
        towns = list.map(function (t) { return { name: t.name, lat: t.lat, lon: t.lon, marker: null }; });
        placeTowns();
      }).catch(function () { /* the map just names no town */ });
    }

    function hasSize() { return el.clientWidth > 0 && el.clientHeight > 0; }

    function label(marker, name) {
      var icon = marker.getElement();
      if (icon) { icon.setAttribute("aria-label", name); icon.setAttribute("role", "button"); }
    }

    /* Town names: most important first; one that would overlap a name already shown is not drawn. Only the
       names drawn have a marker (creating a hundred markers, most of them hidden, took 100 ms on a laptop). */
    function placeTowns() {
      if (!alive || !hasSize()) return;
      var taken = [];
      towns.forEach(function (t) {
        var p = map.latLngToContainerPoint([t.lat, t.lon]);
        var w = t.name.length * 7 + 12, h = 18;
        var box = [p.x - 4, p.y - h / 2, p.x + w, p.y + h / 2];
        var inside = p.x >= 0 && p.y >= 0 && p.x <= el.clientWidth && p.y <= el.clientHeight;
        var free = inside && taken.every(function (o) { return box[2] < o[0] || box[0] > o[2] || box[3] < o[1] || box[1] > o[3]; });
        if (free) {
          taken.push(box);
          if (!t.marker) t.marker = townMarker(t).addTo(map);
        } else if (t.marker) {
          map.removeLayer(t.marker);
          t.marker = null;
        }
      });
    }

    function townMarker(t) {
      var icon = L.divIcon({
        className: "mw-town",
        html: '<span class="mw-town__dot"></span><span class="mw-town__name"></span>',
        iconSize: null,
        iconAnchor: [4, 9]
      });
      var marker = L.marker([t.lat, t.lon], { icon: icon, interactive: false, keyboard: false, pane: "mw-towns" });
      marker.on("add", function () {
        var e = marker.getElement();
        if (e) {
          e.setAttribute("aria-hidden", "true");
          e.querySelector(".mw-town__name").textContent = t.name;
        }
      });
      return marker;
    }

    /* Where the view belongs: the chosen desk, else the desks listed (and the search point), else Italy. */
    function fit() {
      if (!alive || !hasSize()) return;
      map.invalidateSize();
      var m = selected && markers[selected];
      if (m) {
        cluster.zoomToShowLayer(m, function () {
          if (!alive || !markers[selected]) return;
          label(m, m.options.title);
          m.openPopup();
        });
      } else {
        map.fitBounds(bounds || ITALY, { maxZoom: 12 });
      }
      placeTowns();
    }

    map.on("zoomend moveend", placeTowns);
    var observer = new ResizeObserver(function () {
      if (!alive) return;
      if (!hasSize()) { shown = false; return; }
      /* a size change while shown (a phone turned, the address bar hidden): keep the same centre */
      if (!shown) { shown = true; fit(); } else { map.invalidateSize(); placeTowns(); }
    });
    observer.observe(el);

    return {
      /* desks: [{id, name, lat, lon, distance, status, href, linkText}] in list order; focus: fit the view to
         them (a new search), or keep the view (the overview) */
      setDesks: function (desks, focus) {
        if (!alive) return;
        map.closePopup();
        cluster.clearLayers();
        markers = {};
        var keep = selected;
        selected = null;
        var points = [];
        var list = [];
        desks.forEach(function (d) {
          var m = L.marker([d.lat, d.lon], { icon: pin(false), title: d.name, keyboard: true, riseOnHover: true });
          /* clear of the zoom buttons (top left) */
          m.bindPopup(function () { return popup(d); }, { autoPanPaddingTopLeft: [56, 12], autoPanPaddingBottomRight: [12, 12], maxWidth: Math.max(160, Math.min(280, el.clientWidth - 80)) });
          m.on("click", function () {
            el.dispatchEvent(new CustomEvent("mw-select", { detail: d.id, bubbles: true }));
          });
          m.on("add", function () { label(m, d.name); });
          markers[d.id] = m;
          list.push(m);
          points.push([d.lat, d.lon]);
        });
        cluster.addLayers(list);
        if (keep && markers[keep]) { selected = keep; markers[keep].setIcon(pin(true)); }
        if (origin) points.push(origin.getLatLng());
        bounds = focus && points.length ? L.latLngBounds(points).pad(0.15) : null;
        if (hasSize()) { shown = true; fit(); }
      },
      setOrigin: function (lat, lon, name) {
        if (!alive) return;
        if (origin) map.removeLayer(origin);
        origin = null;
        if (lat === null || lat === undefined) return;
        origin = L.marker([lat, lon], { icon: pin(false, true), title: name, keyboard: false, interactive: false });
        origin.addTo(map);
      },
      select: function (id) {
        if (!alive) return;
        if (selected && markers[selected]) markers[selected].setIcon(pin(false));
        selected = id;
        var m = markers[id];
        if (!m) return;
        m.setIcon(pin(true));
        if (hasSize()) fit();
      },
      /* the container was shown again (the ResizeObserver also sees it; this is for browsers that batch) */
      refresh: function () {
        if (!alive || !hasSize()) return;
        shown = true;
        fit();
      },
      destroy: function () {
        if (!alive) return;
        alive = false;
        observer.disconnect();
        map.off();
        map.remove();
      }
    };
  }

  window.MicroworkMap = { load: load, create: create };
})();
