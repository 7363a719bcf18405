/**
 * The report's inline script: draws the Chart.js charts and the sample images from the embedded
 * JSON. Plain ES5-style JavaScript so it runs in any browser that opens the file.
 */
export const REPORT_SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('study-data').textContent);
  var models = data.summary.models;
  var colors = data.colors;
  var charts = [];

  function cssVar(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  }
  function colorOf(i) { return colors[i]; }
  function isNum(v) { return typeof v === 'number' && isFinite(v); }

  function curveDatasets(trainKey, valKey) {
    var sets = [];
    models.forEach(function (m, i) {
      var c = colorOf(i);
      var train = m.history.filter(function (h) { return isNum(h[trainKey]); });
      var val = m.history.filter(function (h) { return isNum(h[valKey]); });
      var marked = val.length ? val : train;
      function points(rows, key) { return rows.map(function (h) { return { x: h.epoch, y: h[key] }; }); }
      function radii(rows) {
        return rows.map(function (h) { return rows === marked && h.epoch === m.bestEpoch ? 5 : 2; });
      }
      sets.push({ label: m.name + ' train', data: points(train, trainKey), borderColor: c, backgroundColor: c,
        borderWidth: 1.5, borderDash: data.trainingDash, pointRadius: radii(train), tension: 0 });
      if (val.length) {
        sets.push({ label: m.name + ' validation', data: points(val, valKey), borderColor: c, backgroundColor: c,
          borderWidth: 2, pointRadius: radii(val), tension: 0 });
      }
    });
    return sets;
  }

  function lineOptions(yTitle, yType) {
    return {
      animation: false, responsive: true, maintainAspectRatio: false,
      interaction: { mode: 'nearest', intersect: false },
      scales: {
        x: { type: 'linear', title: { display: true, text: 'epoch' }, ticks: { precision: 0 } },
        y: { type: yType || 'linear', title: { display: true, text: yTitle } }
      },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 22, boxHeight: 2 } } }
    };
  }

  function accuracyBars() {
    var accs = [];
    models.forEach(function (m) {
      [m.trainAccuracy, m.valAccuracy, m.testAccuracy].forEach(function (v) { if (isNum(v)) accs.push(v); });
    });
    // Accuracies sit close together; an axis from 0 would hide the differences the study is about.
    var low = accs.length ? Math.max(0, Math.floor((Math.min.apply(null, accs) - 0.02) * 20) / 20) : 0;
    var bars = [
      { label: 'train', key: 'trainAccuracy', color: data.splitColors.train },
      { label: 'validation', key: 'valAccuracy', color: data.splitColors.validation },
      { label: 'test', key: 'testAccuracy', color: data.splitColors.test }
    ];
    return {
      type: 'bar',
      data: {
        labels: models.map(function (m) {
          return [m.name, 'gap ' + ((m.trainAccuracy - m.testAccuracy) * 100).toFixed(1) + ' pts'];
        }),
        datasets: bars.map(function (b) {
          return { label: b.label, backgroundColor: b.color, borderRadius: 3,
            data: models.map(function (m) { return isNum(m[b.key]) ? m[b.key] : null; }) };
        })
      },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        scales: { y: { min: low, max: 1, title: { display: true, text: 'accuracy' } } },
        plugins: { legend: { position: 'bottom' } }
      }
    };
  }

  function weightHistogram() {
    var sets = [];
    models.forEach(function (m, i) {
      var w = m.evaluation.weights[0];
      if (!w) return;
      var h = w.histogram, n = h.counts.length, step = (h.max - h.min) / n;
      sets.push({ label: m.name, borderColor: colorOf(i), backgroundColor: colorOf(i), borderWidth: 2,
        pointRadius: 0, tension: 0,
        data: h.counts.map(function (c, k) { return { x: h.min + (k + 0.5) * step, y: c > 0 ? c : null }; }) });
    });
    var options = lineOptions('weights (log scale)', 'logarithmic');
    options.scales.x.title.text = 'weight value';
    options.scales.x.ticks = {};
    return { type: 'line', data: { datasets: sets }, options: options };
  }

  // Repeats: colours with transparency for the ±1 std bands.
  function translucent(hex) { return /^#[0-9a-f]{6}$/i.test(hex) ? hex + '33' : hex; }

  function meanCurveDatasets(trainKey, valKey) {
    var sets = [];
    data.repeats.curves.forEach(function (curve, i) {
      var c = data.repeats.colors[i];
      [[trainKey, ' train', data.trainingDash], [valKey, ' validation', []]].forEach(function (part) {
        var rows = curve.points.filter(function (p) { return p.metrics[part[0]]; });
        if (!rows.length) return;
        function at(sign) {
          return rows.map(function (p) { var m = p.metrics[part[0]]; return { x: p.epoch, y: m.mean + sign * m.std }; });
        }
        // The upper edge fills down to the lower edge pushed right after it: that is the band.
        sets.push({ label: curve.name + part[1] + ' +1 std', data: at(1), borderWidth: 0, pointRadius: 0,
          backgroundColor: translucent(c), fill: '+1', tension: 0, bandEdge: true });
        sets.push({ label: curve.name + part[1] + ' −1 std', data: at(-1), borderWidth: 0, pointRadius: 0,
          backgroundColor: translucent(c), fill: false, tension: 0, bandEdge: true });
        sets.push({ label: curve.name + part[1] + ' (mean)', data: at(0), borderColor: c, backgroundColor: c,
          borderWidth: part[2].length ? 1.5 : 2, borderDash: part[2], pointRadius: 2, tension: 0,
          runs: rows.map(function (p) { return p.metrics[part[0]].n; }) });
      });
    });
    var options = lineOptions(trainKey);
    options.plugins.legend.labels.filter = function (item, chartData) { return !chartData.datasets[item.datasetIndex].bandEdge; };
    options.plugins.tooltip = {
      filter: function (item) { return !item.dataset.bandEdge; },
      callbacks: { afterLabel: function (item) { var n = item.dataset.runs; return n ? 'mean of ' + n[item.dataIndex] + ' runs' : ''; } }
    };
    return { type: 'line', data: { datasets: sets }, options: options };
  }

  // Chart.js has no error bars; this draws each bar's 95 % interval over it.
  var errorBars = {
    id: 'errorBars',
    afterDatasetsDraw: function (chart) {
      var ctx = chart.ctx, y = chart.scales.y, meta = chart.getDatasetMeta(0);
      ctx.save();
      ctx.strokeStyle = cssVar('--text') || '#000';
      ctx.lineWidth = 1.5;
      data.repeats.variants.forEach(function (v, i) {
        var ci = v.testAccuracy.ci95, bar = meta.data[i];
        if (!ci || !bar) return;
        var lo = y.getPixelForValue(ci[0]), hi = y.getPixelForValue(ci[1]), x = bar.x, w = 6;
        ctx.beginPath();
        ctx.moveTo(x, lo); ctx.lineTo(x, hi);
        ctx.moveTo(x - w, lo); ctx.lineTo(x + w, lo);
        ctx.moveTo(x - w, hi); ctx.lineTo(x + w, hi);
        ctx.stroke();
      });
      ctx.restore();
    }
  };

  function variantBars() {
    var variants = data.repeats.variants;
    var edges = [];
    variants.forEach(function (v) {
      var d = v.testAccuracy;
      edges.push(d.ci95 ? d.ci95[0] : d.min, d.ci95 ? d.ci95[1] : d.max);
    });
    // As for the run bars: accuracies sit close together, so the axis starts near them.
    var low = Math.max(0, Math.floor((Math.min.apply(null, edges) - 0.02) * 20) / 20);
    var high = Math.min(1, Math.ceil((Math.max.apply(null, edges) + 0.01) * 20) / 20);
    return {
      type: 'bar',
      plugins: [errorBars],
      data: {
        labels: variants.map(function (v) { return [v.name, 'n = ' + v.n]; }),
        datasets: [{ label: 'test accuracy (mean)', borderRadius: 3,
          backgroundColor: data.repeats.colors,
          data: variants.map(function (v) { return v.testAccuracy.mean; }) }]
      },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        scales: { y: { min: low, max: high, title: { display: true, text: 'test accuracy' } } },
        plugins: { legend: { display: false } }
      }
    };
  }

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) charts.push(new Chart(canvas, config));
  }

  function drawCharts() {
    charts.forEach(function (c) { c.destroy(); });
    charts = [];
    Chart.defaults.color = cssVar('--muted');
    Chart.defaults.borderColor = cssVar('--grid');
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    draw('chart-loss', { type: 'line', data: { datasets: curveDatasets('loss', 'val_loss') }, options: lineOptions('loss') });
    draw('chart-accuracy', { type: 'line', data: { datasets: curveDatasets('accuracy', 'val_accuracy') }, options: lineOptions('accuracy') });
    draw('chart-bars', accuracyBars());
    draw('chart-weights', weightHistogram());
    if (data.repeats) {
      draw('chart-variant-bars', variantBars());
      draw('chart-mean-accuracy', meanCurveDatasets('accuracy', 'val_accuracy'));
      draw('chart-mean-loss', meanCurveDatasets('loss', 'val_loss'));
    }
  }

  function drawSamples() {
    var pixels = data.samplesPixels || [];
    Array.prototype.forEach.call(document.querySelectorAll('canvas[data-sample]'), function (canvas) {
      var values = pixels[Number(canvas.getAttribute('data-sample'))];
      if (!values) return;
      var ctx = canvas.getContext('2d');
      var img = ctx.createImageData(canvas.width, canvas.height);
      for (var p = 0; p < values.length; p++) {
        img.data[4 * p] = img.data[4 * p + 1] = img.data[4 * p + 2] = values[p];
        img.data[4 * p + 3] = 255;
      }
      ctx.putImageData(img, 0, 0);
    });
  }

  drawCharts();
  drawSamples();
  // Chart colours come from CSS variables, so redraw when the colour scheme or print media changes.
  ['(prefers-color-scheme: dark)', 'print'].forEach(function (q) {
    var mq = window.matchMedia(q);
    if (mq.addEventListener) mq.addEventListener('change', drawCharts);
  });
})();
`
