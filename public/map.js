/*! Micro Work map: our glue over Leaflet 1.9 and Leaflet.markercluster (both vendored from npm and served
 * from our origin), loaded only when the locator page opens. The list beside it is the primary view; the map
 * mirrors it. Region boundaries we ship are always drawn, so the map is useful with no tile server.
 */
(function () {
  "use strict";
  var loading = null;

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

  function load() {
    if (!loading) {
      style("/vendor/leaflet/leaflet.css");
      style("/vendor/markercluster/MarkerCluster.css");
      style("/vendor/markercluster/MarkerCluster.Default.css");
      loading = script("/vendor/leaflet/leaflet.js").then(function () {
        return script("/vendor/markercluster/leaflet.markercluster.js");
      });
    }
    return loading;
  }

  function pin(selected, origin) {
    return L.divIcon({
      className: "mw-marker" + (selected ? " mw-marker--selected" : "") + (origin ? " mw-marker--origin" : ""),
      html: '<span class="mw-marker__pin" aria-hidden="true"></span>',
      iconSize: [30, 40],
      iconAnchor: [15, 40]
    });
  }

  /* options: { boundaries: url, tiles: {url, attribution} | null, boundariesAttribution, originLabel } */
  function create(el, options) {
    var map = L.map(el, { zoomControl: true, attributionControl: true, minZoom: 5, maxZoom: 17, keyboard: true });
    map.attributionControl.setPrefix('<a href="https://leafletjs.com" target="_blank" rel="noopener">Leaflet</a>');
    map.setView([42.0, 12.6], 6);
    if (options.tiles && options.tiles.url) {
      L.tileLayer(options.tiles.url, { attribution: options.tiles.attribution, maxZoom: 17 }).addTo(map);
    }
    fetch(options.boundaries).then(function (r) { return r.json(); }).then(function (geo) {
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

    function label(marker, text) {
      var icon = marker.getElement();
      if (icon) { icon.setAttribute("aria-label", text); icon.setAttribute("role", "button"); }
    }

    return {
      /* desks: [{id, name, lat, lon}] in list order */
      setDesks: function (desks) {
        cluster.clearLayers();
        markers = {};
        selected = null;
        var points = [];
        desks.forEach(function (d) {
          var m = L.marker([d.lat, d.lon], { icon: pin(false), title: d.name, keyboard: true, riseOnHover: true });
          m.on("click", function () {
            el.dispatchEvent(new CustomEvent("mw-select", { detail: d.id, bubbles: true }));
          });
          m.on("add", function () { label(m, d.name); });
          markers[d.id] = m;
          cluster.addLayer(m);
          points.push([d.lat, d.lon]);
        });
        if (origin) points.push(origin.getLatLng());
        bounds = points.length ? L.latLngBounds(points).pad(0.15) : null;
        if (bounds) map.fitBounds(bounds, { maxZoom: 12 });
      },
      setOrigin: function (lat, lon, text) {
        if (origin) map.removeLayer(origin);
        origin = null;
        if (lat === null || lat === undefined) return;
        origin = L.marker([lat, lon], { icon: pin(false, true), title: text, keyboard: false, interactive: false });
        origin.addTo(map);
      },
      select: function (id) {
        if (selected && markers[selected]) markers[selected].setIcon(pin(false));
        selected = id;
        var m = markers[id];
        if (!m) return;
        m.setIcon(pin(true));
        cluster.zoomToShowLayer(m, function () {
          map.panTo(m.getLatLng());
          label(m, m.options.title);
        });
      },
      /* after the container was hidden and shown again (phones: list/map toggle): a map fitted while hidden had
         no size, so fit again */
      refresh: function () {
        map.invalidateSize();
        if (selected && markers[selected]) map.panTo(markers[selected].getLatLng());
        else if (bounds) map.fitBounds(bounds, { maxZoom: 12 });
      },
      destroy: function () { map.remove(); }
    };
  }

  window.MicroworkMap = { load: load, create: create };
})();
