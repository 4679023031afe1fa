// FieldPlan's map: MapLibre GL JS (served by the app from /vendor/, copied from npm at build time) over the service's
// own base map (/api/public/map/style.json: tiles and label glyphs built from the deployment's OSM extract), with the
// page's overlays as GeoJSON sources: zones, routes, stops. A page mounts it into an element:
//
//   const map = await FieldPlanMap.mount(document.getElementById('basemap'), { center: [14.45, 35.9], zoom: 11 });
//   map.setZones(featureCollection); map.setRoutes(fc); map.setStops(fc); map.fit(fc);
//
// Feature properties read: zones {name, color}, routes {color, technicianId}, stops {color, label, requestId}.
// OSM attribution is always shown (not collapsible). Nothing is fetched from outside the service.
(function () {
  'use strict';
  const VENDOR = '/vendor/maplibre-gl/';
  const STYLE = '/api/public/map/style.json';
  const EMPTY = { type: 'FeatureCollection', features: [] };
  let loading = null;

  function loadLibrary() {
    if (window.maplibregl) return Promise.resolve(window.maplibregl);
    if (loading) return loading;
    loading = new Promise((resolve, reject) => {
      if (!document.querySelector('link[data-fp-map]')) {
        const css = document.createElement('link');
        css.rel = 'stylesheet'; css.href = VENDOR + 'maplibre-gl.css'; css.dataset.fpMap = '1';
        document.head.appendChild(css);
      }
      const script = document.createElement('script');
      script.src = VENDOR + 'maplibre-gl.js';
      script.onload = () => resolve(window.maplibregl);
      script.onerror = () => reject(new Error('MapLibre GL JS could not be loaded from ' + VENDOR));
      document.head.appendChild(script);
    });
    return loading;
  }

  function collection(value) {
    if (!value) return EMPTY;
    if (Array.isArray(value)) return { type: 'FeatureCollection', features: value };
    return value;
  }

  function addOverlays(map) {
    map.addSource('fp-zones', { type: 'geojson', data: EMPTY });
    map.addSource('fp-routes', { type: 'geojson', data: EMPTY });
    map.addSource('fp-stops', { type: 'geojson', data: EMPTY });
    map.addLayer({ id: 'fp-zones-fill', type: 'fill', source: 'fp-zones',
      paint: { 'fill-color': ['coalesce', ['get', 'color'], '#5b7fa6'], 'fill-opacity': 0.12 } });
    map.addLayer({ id: 'fp-zones-line', type: 'line', source: 'fp-zones',
      paint: { 'line-color': ['coalesce', ['get', 'color'], '#5b7fa6'], 'line-width': 2, 'line-dasharray': [3, 2] } });
    map.addLayer({ id: 'fp-routes-casing', type: 'line', source: 'fp-routes',
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': '#ffffff', 'line-width': 7, 'line-opacity': ['coalesce', ['get', 'opacity'], 1] } });
    map.addLayer({ id: 'fp-routes-line', type: 'line', source: 'fp-routes',
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': ['coalesce', ['get', 'color'], '#2f7bd1'], 'line-width': 4,
        'line-opacity': ['coalesce', ['get', 'opacity'], 1] } });
    map.addLayer({ id: 'fp-stops-circle', type: 'circle', source: 'fp-stops',
      paint: { 'circle-radius': 10, 'circle-color': ['coalesce', ['get', 'color'], '#2f7bd1'],
        'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2, 'circle-opacity': ['coalesce', ['get', 'opacity'], 1] } });
    map.addLayer({ id: 'fp-stops-label', type: 'symbol', source: 'fp-stops',
      layout: { 'text-field': ['to-string', ['coalesce', ['get', 'label'], '']], 'text-font': ['DejaVu Sans Bold'],
        'text-size': 11, 'text-allow-overlap': true, 'text-ignore-placement': true },
      paint: { 'text-color': '#ffffff' } });
  }

  function boundsOf(fcs) {
    let w = 180, s = 90, e = -180, n = -90, any = false;
    const visit = c => {
      if (typeof c[0] === 'number') { any = true; w = Math.min(w, c[0]); e = Math.max(e, c[0]); s = Math.min(s, c[1]); n = Math.max(n, c[1]); }
      else c.forEach(visit);
    };
    fcs.forEach(fc => collection(fc).features.forEach(f => f.geometry && visit(f.geometry.coordinates)));
    return any ? [[w, s], [e, n]] : null;
  }

  async function mount(container, options) {
    const opts = Object.assign({ center: [14.45, 35.9], zoom: 10, interactive: true }, options || {});
    const maplibregl = await loadLibrary();
    container.classList.add('fp-map');
    const map = new maplibregl.Map({
      container, style: STYLE, center: opts.center, zoom: opts.zoom, interactive: opts.interactive,
      attributionControl: { compact: false }, maxZoom: 19, fadeDuration: 0
    });
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    const pending = {};
    let loaded = false;
    const ready = new Promise(resolve => map.on('load', () => {
      addOverlays(map);
      loaded = true;
      Object.keys(pending).forEach(k => map.getSource(k).setData(pending[k]));
      resolve(handle);
    }));
    const set = (source, value) => {
      const data = collection(value);
      if (loaded) map.getSource(source).setData(data); else pending[source] = data;
    };
    const handle = {
      map, ready,
      setZones: fc => set('fp-zones', fc),
      setRoutes: fc => set('fp-routes', fc),
      setStops: fc => set('fp-stops', fc),
      fit(...fcs) {
        const b = boundsOf(fcs);
        if (b) map.fitBounds(b, { padding: 40, maxZoom: 16, duration: 0 });
      },
      onStopClick(callback) {
        map.on('click', 'fp-stops-circle', e => e.features.length && callback(e.features[0].properties));
      },
      remove: () => map.remove()
    };
    container.fieldplanMap = handle;          // for the page's tests (queryRenderedFeatures) and for debugging
    return handle;
  }

  // ---- adapters for the pages' own data ([lat, lon] pairs) -----------------------------------------------------
  const lonLat = p => [p[1], p[0]];

  /** The board's day (routes with path and bars, zone outlines) as overlays. */
  function boardOverlays(day, colors, selected) {
    const zones = [], routes = [], stops = [];
    (day.zones || []).forEach(z => z.rings.forEach(r => zones.push({ type: 'Feature',
      properties: { name: z.name, zoneId: z.id }, geometry: { type: 'Polygon', coordinates: [r.map(lonLat)] } })));
    (day.rows || []).forEach((r, i) => {
      const color = colors[i % colors.length];
      const dim = selected && selected.tech && selected.tech !== r.technicianId;
      const opacity = dim ? 0.3 : 1;
      if (r.path && r.path.length > 1) {
        routes.push({ type: 'Feature', properties: { color, opacity, technicianId: r.technicianId },
          geometry: { type: 'LineString', coordinates: r.path.map(lonLat) } });
      }
      r.bars.forEach((b, n) => stops.push({ type: 'Feature',
        properties: { color, opacity, label: n + 1, requestId: b.requestId, technicianId: r.technicianId },
        geometry: { type: 'Point', coordinates: [b.lon, b.lat] } }));
    });
    return { zones: collection(zones), routes: collection(routes), stops: collection(stops) };
  }

  /** The technician's day (visits in order, the road path between them) as overlays. */
  function fieldOverlays(day) {
    const stops = day.visits.map(v => ({ type: 'Feature',
      properties: { label: v.number, requestId: v.requestId, color: v.status === 'done' || v.status === 'accepted' ? '#2b7a3d' : '#2f7bd1' },
      geometry: { type: 'Point', coordinates: [v.lon, v.lat] } }));
    const routes = day.path && day.path.length > 1
      ? [{ type: 'Feature', properties: { color: '#2f7bd1' }, geometry: { type: 'LineString', coordinates: day.path.map(lonLat) } }]
      : [];
    return { routes: collection(routes), stops: collection(stops) };
  }

  /**
   * Links that hand places to a navigator app, in order: [lat, lon] points (the last is the destination, the others
   * are stops on the way). Yandex Maps and Google Maps take the whole list; Yandex Navigator takes via points;
   * geo: (any app) takes one place, the first.
   */
  function navigatorLinks(points) {
    if (!points.length) return {};
    const ll = p => p[0].toFixed(6) + ',' + p[1].toFixed(6);
    const last = points[points.length - 1], via = points.slice(0, -1);
    let navi = 'yandexnavi://build_route_on_map?lat_to=' + last[0].toFixed(6) + '&lon_to=' + last[1].toFixed(6);
    via.forEach((p, i) => { navi += '&lat_via_' + i + '=' + p[0].toFixed(6) + '&lon_via_' + i + '=' + p[1].toFixed(6); });
    let google = 'https://www.google.com/maps/dir/?api=1&travelmode=driving&destination=' + ll(last);
    if (via.length) google += '&waypoints=' + encodeURIComponent(via.map(ll).join('|'));
    return {
      yandexMaps: 'https://yandex.ru/maps/?rtt=auto&rtext=~' + points.map(ll).join('~'),
      yandexNavigator: navi,
      google,
      geo: 'geo:' + ll(points[0]) + '?q=' + ll(points[0])
    };
  }

  window.FieldPlanMap = { mount, boardOverlays, fieldOverlays, loadLibrary, navigatorLinks };
})();
