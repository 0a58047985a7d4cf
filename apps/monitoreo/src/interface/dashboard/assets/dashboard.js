/*
 * AlpesPartners · monitoreo dashboard. Plain JavaScript + Chart.js (served by the app, no CDN).
 * Polls GET /metrics?period=…, GET /alertas and GET /ecosistema every few seconds (?interval=N, default 5 s; the
 * period is ?period=1h|24h|7d, default 24h). Each source is drawn on its own: a failing request shows its error in
 * the banner, keeps the last figures on screen (dimmed) and the page keeps polling.
 * Everything from the server is written with textContent (never innerHTML): event types come from outside systems.
 */
(function () {
  'use strict';

  var PERIODS = ['1h', '24h', '7d'];
  var REQUEST_TIMEOUT_MS = 10000;
  var COLORS = {
    impressions: '#8aa4f5',
    clicks: '#2f5bea',
    conversions: '#1a9f5a',
    sales: '#d98a00',
    rate: '#7a3fe0',
    backlog: '#d33b3b',
  };
  var MIX_COLORS = ['#2f5bea', '#1a9f5a', '#d98a00', '#7a3fe0', '#d33b3b', '#0ea5b7', '#8aa4f5', '#9c6b30', '#5f6b85', '#e05d9b'];

  var params = new URLSearchParams(window.location.search);
  var state = {
    period: PERIODS.indexOf(params.get('period')) >= 0 ? params.get('period') : '24h',
    intervalS: clampInterval(params.get('interval'), 5),
    paused: false,
    timer: null,
    round: 0,
    refreshes: 0,
    errors: {},
    lastOk: null,
  };

  var intFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  var decFormat = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  var clock = new Intl.DateTimeFormat('es-CO', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  var hourMinute = new Intl.DateTimeFormat('es-CO', { hour: '2-digit', minute: '2-digit', hour12: false });
  var dayHour = new Intl.DateTimeFormat('es-CO', { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
  var dateTime = new Intl.DateTimeFormat('es-CO', { dateStyle: 'short', timeStyle: 'medium', hour12: false });

  var charts = {};

  function clampInterval(value, fallback) {
    var n = Math.round(Number(value));
    return Number.isFinite(n) && n >= 1 && n <= 300 ? n : fallback;
  }

  function $(id) {
    return document.getElementById(id);
  }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function num(value) {
    var n = Number(value);
    return Number.isFinite(n) ? n : 0;
  }

  function bytes(n) {
    n = num(n);
    var units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    var i = 0;
    while (n >= 1024 && i < units.length - 1) {
      n /= 1024;
      i++;
    }
    return (i === 0 ? intFormat.format(n) : decFormat.format(n)) + ' ' + units[i];
  }

  /** Amounts in the currency's own minor units (2 decimals when the browser does not know the code). */
  function money(value, currency) {
    try {
      return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency, currencyDisplay: 'code' })
        .formatToParts(num(value))
        .filter(function (part) {
          return part.type !== 'currency' && part.type !== 'literal';
        })
        .map(function (part) {
          return part.value;
        })
        .join('');
    } catch (_e) {
      return decFormat.format(num(value));
    }
  }

  /* ---- HTTP ------------------------------------------------------------------------------------------------- */

  function getJson(url) {
    var controller = new AbortController();
    var timer = setTimeout(function () {
      controller.abort();
    }, REQUEST_TIMEOUT_MS);
    return fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store', signal: controller.signal })
      .then(function (res) {
        return res.text().then(function (text) {
          var body = null;
          try {
            body = text ? JSON.parse(text) : null;
          } catch (_e) {
            body = null;
          }
          if (!res.ok) {
            var detail = body && body.message ? (Array.isArray(body.message) ? body.message.join('; ') : body.message) : res.statusText;
            throw new Error('HTTP ' + res.status + (detail ? ' · ' + detail : ''));
          }
          if (body === null) throw new Error('la respuesta no es JSON');
          return body;
        });
      })
      .catch(function (error) {
        if (error && error.name === 'AbortError') throw new Error('sin respuesta en ' + REQUEST_TIMEOUT_MS / 1000 + ' s');
        throw error;
      })
      .finally(function () {
        clearTimeout(timer);
      });
  }

  /* ---- charts ----------------------------------------------------------------------------------------------- */

  function lineDataset(label, color, extra) {
    return Object.assign(
      { label: label, data: [], borderColor: color, backgroundColor: color + '22', borderWidth: 2, pointRadius: 0, tension: 0.25, fill: false },
      extra || {},
    );
  }

  function createCharts() {
    if (typeof window.Chart !== 'function') {
      setError('chart.js', 'no se pudo cargar chart.js; se muestran solo las cifras');
      return;
    }
    var Chart = window.Chart;
    Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
    Chart.defaults.color = '#6b7385';
    Chart.defaults.animation = false;
    Chart.defaults.maintainAspectRatio = false;
    Chart.defaults.plugins.legend.labels.boxWidth = 12;

    charts.series = new Chart($('chart-series'), {
      type: 'line',
      data: {
        labels: [],
        datasets: [
          lineDataset('Impresiones', COLORS.impressions, { yAxisID: 'y1' }),
          lineDataset('Clicks', COLORS.clicks),
          lineDataset('Conversiones', COLORS.conversions),
          lineDataset('Ventas', COLORS.sales),
        ],
      },
      options: {
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { ticks: { maxTicksLimit: 12 } },
          y: { beginAtZero: true, title: { display: true, text: 'clicks · conversiones · ventas' }, ticks: { precision: 0 } },
          y1: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false }, title: { display: true, text: 'impresiones' }, ticks: { precision: 0 } },
        },
      },
    });

    charts.rate = new Chart($('chart-rate'), {
      type: 'line',
      data: { labels: [], datasets: [lineDataset('Tasa de conversión %', COLORS.rate, { fill: true })] },
      options: {
        interaction: { mode: 'index', intersect: false },
        plugins: { legend: { display: false } },
        scales: { x: { ticks: { maxTicksLimit: 8 } }, y: { beginAtZero: true, suggestedMax: 5 } },
      },
    });

    charts.mix = new Chart($('chart-mix'), {
      type: 'bar',
      data: { labels: [], datasets: [{ label: 'Eventos', data: [], backgroundColor: [] }] },
      options: {
        indexAxis: 'y',
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });

    charts.backlog = new Chart($('chart-backlog'), {
      type: 'bar',
      data: { labels: [], datasets: [{ label: 'Backlog', data: [], backgroundColor: COLORS.backlog + 'cc' }] },
      options: {
        indexAxis: 'y',
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  }

  function bucketLabel(iso) {
    var d = new Date(iso);
    return state.period === '7d' ? dayHour.format(d) : hourMinute.format(d);
  }

  /* ---- metrics ---------------------------------------------------------------------------------------------- */

  function setNumber(testId, value, text) {
    var node = document.querySelector('[data-testid="' + testId + '"]');
    node.dataset.value = String(value);
    node.textContent = text;
  }

  function renderMetrics(m) {
    setNumber('total-impressions', num(m.total_impressions), intFormat.format(num(m.total_impressions)));
    setNumber('total-clicks', num(m.total_clicks), intFormat.format(num(m.total_clicks)));
    setNumber('total-conversions', num(m.total_conversions), intFormat.format(num(m.total_conversions)));
    setNumber('total-sales', num(m.total_sales), intFormat.format(num(m.total_sales)));
    setNumber('conversion-rate', num(m.conversion_rate), decFormat.format(num(m.conversion_rate)) + ' %');
    setNumber('total-rejected-conversions', num(m.total_rejected_conversions), intFormat.format(num(m.total_rejected_conversions)));
    setNumber('total-reverted-conversions', num(m.total_reverted_conversions), intFormat.format(num(m.total_reverted_conversions)));
    $('range').textContent =
      m.from && m.to ? 'Periodo ' + (m.period || state.period) + ': ' + dateTime.format(new Date(m.from)) + ' → ' + dateTime.format(new Date(m.to)) : '';

    renderSales(Array.isArray(m.sales_value) ? m.sales_value : []);

    var points = m.series && Array.isArray(m.series.points) ? m.series.points : [];
    if (charts.series) {
      var labels = points.map(function (p) {
        return bucketLabel(p.start);
      });
      charts.series.data.labels = labels;
      ['impressions', 'clicks', 'conversions', 'sales'].forEach(function (key, i) {
        charts.series.data.datasets[i].data = points.map(function (p) {
          return num(p[key]);
        });
      });
      charts.series.update();
      charts.rate.data.labels = labels;
      charts.rate.data.datasets[0].data = points.map(function (p) {
        return num(p.conversion_rate);
      });
      charts.rate.update();
    }

    var mix = (Array.isArray(m.event_mix) ? m.event_mix.slice() : []).sort(function (a, b) {
      return num(b.count) - num(a.count);
    });
    if (charts.mix) {
      charts.mix.data.labels = mix.map(function (e) {
        return e.event_type;
      });
      charts.mix.data.datasets[0].data = mix.map(function (e) {
        return num(e.count);
      });
      charts.mix.data.datasets[0].backgroundColor = mix.map(function (_e, i) {
        return MIX_COLORS[i % MIX_COLORS.length];
      });
      charts.mix.update();
    }
  }

  function renderSales(rows) {
    var body = $('sales-body');
    body.replaceChildren();
    if (rows.length === 0) {
      var tr = el('tr');
      var td = el('td', 'Sin ventas en el periodo', 'empty');
      td.colSpan = 6;
      tr.appendChild(td);
      body.appendChild(tr);
      return;
    }
    rows.forEach(function (r) {
      var tr = el('tr');
      tr.dataset.testid = 'sales-' + r.currency;
      tr.appendChild(el('td', r.currency));
      tr.appendChild(el('td', intFormat.format(num(r.count)), 'num'));
      var total = el('td', money(r.total, r.currency), 'num');
      total.dataset.testid = 'sales-total-' + r.currency;
      total.dataset.value = String(num(r.total));
      tr.appendChild(total);
      tr.appendChild(el('td', money(r.p50, r.currency), 'num'));
      tr.appendChild(el('td', money(r.p95, r.currency), 'num'));
      tr.appendChild(el('td', money(r.p99, r.currency), 'num'));
      body.appendChild(tr);
    });
  }

  /* ---- alerts ----------------------------------------------------------------------------------------------- */

  function renderAlertas(a) {
    var items = Array.isArray(a.items) ? a.items : [];
    var active = items.filter(function (i) {
      return i.estado === 'ACTIVA';
    });
    var past = items.filter(function (i) {
      return i.estado !== 'ACTIVA';
    });
    var badge = $('alerts-active-count');
    badge.textContent = String(active.length);
    badge.dataset.value = String(active.length);
    badge.classList.toggle('bad', active.length > 0);

    var reglas = Array.isArray(a.reglas) ? a.reglas : [];
    $('alert-rule').textContent = reglas
      .map(function (r) {
        return (
          r.id +
          ': tasa < ' +
          decFormat.format(num(r.umbral)) +
          ' % en ' +
          r.periodo +
          ' (mínimo ' +
          intFormat.format(num(r.minimo_clicks)) +
          ' clicks) · ' +
          (r.activa ? 'activa' : 'desactivada')
        );
      })
      .join(' · ');

    fillAlerts($('alerts-active'), active, 'Ninguna alerta activa');
    fillAlerts($('alerts-past'), past.slice(0, 10), 'Sin alertas pasadas');
  }

  function fillAlerts(list, items, emptyText) {
    list.replaceChildren();
    if (items.length === 0) {
      list.appendChild(el('li', emptyText, 'none'));
      return;
    }
    items.forEach(function (i) {
      var text =
        i.regla +
        ': ' +
        decFormat.format(num(i.valor)) +
        ' % < ' +
        decFormat.format(num(i.umbral)) +
        ' % (' +
        i.periodo +
        ') · disparada ' +
        dateTime.format(new Date(i.disparada_en)) +
        (i.resuelta_en ? ' · resuelta ' + dateTime.format(new Date(i.resuelta_en)) : '');
      list.appendChild(el('li', text));
    });
  }

  /* ---- ecosystem -------------------------------------------------------------------------------------------- */

  function renderEcosistema(e) {
    var broker = e.broker || {};
    var brokerChip = $('broker-status');
    brokerChip.textContent = broker.ok ? 'Broker OK' : 'Broker caído';
    brokerChip.title = (broker.url || '') + (broker.error ? ' · ' + broker.error : '');
    brokerChip.className = 'chip ' + (broker.ok ? 'ok' : 'bad');
    if (broker.ok) clearError('broker');
    else setError('broker', 'Pulsar (' + (broker.url || '?') + '): ' + (broker.error || 'sin respuesta'));

    var resumen = e.resumen || {};
    $('topics-count').textContent = num(resumen.topics) + '/' + num(resumen.topics_total);
    $('backlog-total').textContent = intFormat.format(num(resumen.backlog_total));
    $('backlog-total').dataset.value = String(num(resumen.backlog_total));
    $('dlq-total').textContent = intFormat.format(num(resumen.dlq_total));
    $('dlq-total').dataset.value = String(num(resumen.dlq_total));
    $('dlq-total').parentElement.className = 'chip' + (num(resumen.dlq_total) > 0 ? ' bad' : '');
    $('servicios-up').textContent = num(resumen.servicios_up) + '/' + num(resumen.servicios_total);

    renderServices(Array.isArray(e.servicios) ? e.servicios : []);
    var topics = Array.isArray(e.topics) ? e.topics : [];
    renderTopics(topics);
    renderDlq(Array.isArray(e.dlq) ? e.dlq : []);

    if (charts.backlog) {
      var subs = [];
      topics.forEach(function (t) {
        (t.subscriptions || []).forEach(function (s) {
          if (s.durable && s.exists) subs.push({ label: t.key + ' · ' + s.name, backlog: num(s.backlog) });
        });
      });
      charts.backlog.data.labels = subs.map(function (s) {
        return s.label;
      });
      charts.backlog.data.datasets[0].data = subs.map(function (s) {
        return s.backlog;
      });
      charts.backlog.update();
    }
  }

  function renderServices(servicios) {
    var list = $('services');
    list.replaceChildren();
    if (servicios.length === 0) list.appendChild(el('li', 'Ningún servicio configurado (MONITOREO_SERVICIOS)'));
    servicios.forEach(function (s) {
      var li = el('li', null, s.up ? 'up' : 'down');
      li.dataset.testid = 'servicio-' + s.servicio;
      li.dataset.up = String(Boolean(s.up));
      li.title = s.url + (s.error ? ' · ' + s.error : '');
      li.appendChild(el('span', null, 'dot'));
      li.appendChild(el('strong', s.servicio));
      li.appendChild(el('span', s.up ? s.status + ' · ' + num(s.latencia_ms) + ' ms' : s.status, 'meta'));
      list.appendChild(li);
    });
  }

  function renderTopics(topics) {
    var body = $('topics-body');
    body.replaceChildren();
    if (topics.length === 0) {
      var tr = el('tr');
      var td = el('td', 'Sin datos del broker', 'empty');
      td.colSpan = 8;
      tr.appendChild(td);
      body.appendChild(tr);
      return;
    }
    topics.forEach(function (t) {
      var tr = el('tr');
      tr.dataset.testid = 'topic-' + t.key;
      var name = el('td');
      name.appendChild(el('strong', t.key));
      if (!t.exists) name.appendChild(el('span', ' no existe', 'tag warn'));
      if (t.error) name.appendChild(el('span', ' ' + t.error, 'tag warn'));
      name.title = t.topic;
      tr.appendChild(name);
      var partitions = el('td', t.partitions, 'num');
      if (t.exists && t.partitions !== t.catalog_partitions) {
        // e.g. a topic auto-created non-partitioned because the set-up script did not run first.
        partitions.appendChild(el('span', ' ≠ ' + t.catalog_partitions, 'tag warn'));
        partitions.title = 'el catálogo declara ' + t.catalog_partitions + ' particiones (scripts/setup_pulsar_topics.sh)';
      }
      tr.appendChild(partitions);
      tr.appendChild(el('td', decFormat.format(num(t.msg_rate_in)), 'num'));
      tr.appendChild(el('td', decFormat.format(num(t.msg_rate_out)), 'num'));
      var published = el('td', intFormat.format(num(t.msg_in_counter)), 'num');
      published.dataset.testid = 'topic-' + t.key + '-published';
      published.dataset.value = String(num(t.msg_in_counter));
      tr.appendChild(published);
      tr.appendChild(el('td', bytes(t.storage_size), 'num'));
      tr.appendChild(el('td', intFormat.format(num(t.backlog)), 'num'));
      var subs = el('td');
      var wrap = el('div', null, 'subs');
      (t.subscriptions || []).forEach(function (s) {
        var cls = 'tag' + (!s.exists || s.consumers === 0 ? ' off' : '') + (s.backlog > 0 ? ' warn' : '');
        var tag = el('span', s.name + ' · ' + intFormat.format(num(s.backlog)), cls);
        tag.title = s.type + ' · ' + s.consumers + ' consumidor(es) · ' + decFormat.format(num(s.msg_rate_out)) + ' msg/s' + (s.exists ? '' : ' · no creada');
        wrap.appendChild(tag);
      });
      subs.appendChild(wrap);
      tr.appendChild(subs);
      body.appendChild(tr);
    });
  }

  function renderDlq(dlq) {
    var body = $('dlq-body');
    body.replaceChildren();
    if (dlq.length === 0) {
      var tr = el('tr');
      var td = el('td', 'Sin datos del broker', 'empty');
      td.colSpan = 3;
      tr.appendChild(td);
      body.appendChild(tr);
      return;
    }
    dlq.forEach(function (d) {
      var tr = el('tr', null, num(d.messages) > 0 ? 'alert' : '');
      tr.dataset.testid = 'dlq-' + d.source_key + '-' + d.subscription;
      tr.title = d.topic;
      tr.appendChild(el('td', d.source_key));
      var sub = el('td', d.subscription);
      if (d.error) sub.appendChild(el('span', ' ' + d.error, 'tag warn'));
      tr.appendChild(sub);
      var n = el('td', d.error ? '?' : intFormat.format(num(d.messages)), 'num');
      n.dataset.value = String(num(d.messages));
      tr.appendChild(n);
      body.appendChild(tr);
    });
  }

  /* ---- errors and status ------------------------------------------------------------------------------------ */

  function setError(source, message) {
    state.errors[source] = message;
    drawErrors();
  }

  function clearError(source) {
    if (state.errors[source] === undefined) return;
    delete state.errors[source];
    drawErrors();
  }

  function drawErrors() {
    var box = $('errors');
    box.replaceChildren();
    Object.keys(state.errors).forEach(function (source) {
      var p = el('p');
      p.dataset.source = source;
      p.appendChild(el('strong', source + ': '));
      p.appendChild(document.createTextNode(state.errors[source]));
      box.appendChild(p);
    });
    box.hidden = box.childElementCount === 0;
  }

  function markStale(source, stale) {
    document.querySelectorAll('[data-source="' + source + '"]').forEach(function (node) {
      node.classList.toggle('stale', stale);
    });
    if (source === 'metrics') document.querySelector('.kpis').classList.toggle('stale', stale);
  }

  function drawStatus() {
    var status = $('status');
    var failing = Object.keys(state.errors).length > 0;
    var when = state.lastOk ? 'Actualizado ' + clock.format(state.lastOk) : 'Sin datos todavía';
    status.textContent = when + (state.paused ? ' · en pausa' : ' · cada ' + state.intervalS + ' s') + (failing ? ' · con errores' : '');
    status.classList.toggle('stale', failing);
  }

  /* ---- polling ---------------------------------------------------------------------------------------------- */

  var SOURCES = [
    {
      name: 'metrics',
      url: function () {
        return '/metrics?period=' + encodeURIComponent(state.period);
      },
      render: renderMetrics,
    },
    {
      name: 'alertas',
      url: function () {
        return '/alertas';
      },
      render: renderAlertas,
    },
    {
      name: 'ecosistema',
      url: function () {
        return '/ecosistema';
      },
      render: renderEcosistema,
    },
  ];

  function refresh() {
    clearTimeout(state.timer);
    var round = ++state.round;
    var requests = SOURCES.map(function (source) {
      var url = source.url();
      return getJson(url).then(
        function (body) {
          // A newer round (the period changed meanwhile) owns the screen.
          if (round !== state.round) return;
          try {
            source.render(body);
            clearError(source.name);
            markStale(source.name, false);
          } catch (error) {
            setError(source.name, 'respuesta inesperada de ' + url + ': ' + error.message);
            markStale(source.name, true);
          }
        },
        function (error) {
          if (round !== state.round) return;
          setError(source.name, 'GET ' + url + ' → ' + (error && error.message ? error.message : String(error)));
          markStale(source.name, true);
        },
      );
    });
    return Promise.all(requests).then(function () {
      if (round !== state.round) return;
      state.refreshes++;
      if (Object.keys(state.errors).length === 0) state.lastOk = new Date();
      document.body.dataset.refreshes = String(state.refreshes);
      document.body.dataset.period = state.period;
      document.body.dataset.ready = 'true';
      drawStatus();
      schedule();
    });
  }

  function schedule() {
    clearTimeout(state.timer);
    if (!state.paused) state.timer = setTimeout(refresh, state.intervalS * 1000);
  }

  function syncUrl() {
    var url = new URL(window.location.href);
    url.searchParams.set('period', state.period);
    url.searchParams.set('interval', String(state.intervalS));
    window.history.replaceState(null, '', url.pathname + url.search);
  }

  function bindControls() {
    document.querySelectorAll('[data-period]').forEach(function (button) {
      button.setAttribute('aria-pressed', String(button.dataset.period === state.period));
      button.addEventListener('click', function () {
        if (button.dataset.period === state.period) return;
        state.period = button.dataset.period;
        document.querySelectorAll('[data-period]').forEach(function (b) {
          b.setAttribute('aria-pressed', String(b.dataset.period === state.period));
        });
        syncUrl();
        refresh();
      });
    });

    var interval = $('interval');
    interval.value = String(state.intervalS);
    interval.addEventListener('change', function () {
      state.intervalS = clampInterval(interval.value, state.intervalS);
      interval.value = String(state.intervalS);
      syncUrl();
      drawStatus();
      schedule();
    });

    var pause = $('pause');
    pause.addEventListener('click', function () {
      state.paused = !state.paused;
      pause.textContent = state.paused ? 'Reanudar' : 'Pausar';
      drawStatus();
      if (state.paused) clearTimeout(state.timer);
      else refresh();
    });
  }

  function start() {
    createCharts();
    bindControls();
    refresh();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
