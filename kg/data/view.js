/* kg's network view: filters, search, time range, expand-on-click and a details panel with sources,
   over vis-network. Data comes from <script id="kg-data"> (written by kg/view.py). No network access. */
(function () {
  'use strict';
  var KG = JSON.parse(document.getElementById('kg-data').textContent);
  var $ = function (id) { return document.getElementById(id); };
  var esc = function (s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c];
    });
  };
  var typeInfo = {}; KG.types.forEach(function (t) { typeInfo[t.key] = t; });
  var relInfo = {}; KG.relations.forEach(function (r) { relInfo[r.key] = r; });

  // ------------------------------------------------------------------ data and indexes
  var nodes = new vis.DataSet(KG.nodes);
  var edges = new vis.DataSet(KG.edges);
  var adjacency = {};   // node -> [edge ids]
  KG.nodes.forEach(function (n) { adjacency[n.id] = []; });
  KG.edges.forEach(function (e) { adjacency[e.from].push(e.id); if (e.to !== e.from) adjacency[e.to].push(e.id); });
  var edgeById = {}; KG.edges.forEach(function (e) { edgeById[e.id] = e; });
  var articleSentences = {};  // article -> [source] (every cited sentence the graph holds for it)
  Object.keys(KG.edgeMeta).forEach(function (id) {
    KG.edgeMeta[id].sources.forEach(function (s) {
      if (!s.article) return;
      var list = articleSentences[s.article] || (articleSentences[s.article] = []);
      if (!list.some(function (x) { return x.text === s.text; })) list.push(s);
    });
  });
  var articleEntities = {};
  Object.keys(KG.meta).forEach(function (id) {
    KG.meta[id].articles.forEach(function (a) { (articleEntities[a] = articleEntities[a] || []).push(id); });
  });

  // ------------------------------------------------------------------ visibility
  var state = {
    types: new Set(KG.types.map(function (t) { return t.key; })),
    relations: new Set(KG.relations.map(function (r) { return r.key; })),
    from: 0, to: Math.max(0, KG.dates.length - 1),
    explore: false, shown: new Set(), pinned: new Set(), isolated: true
  };
  var visibleNodes = new Set(), visibleEdges = new Set();

  function span(d) {  // a partial ISO date covers a period
    d = String(d).slice(0, 10);
    return [d + '-01-01'.slice(d.length - 4), d + '-12-31'.slice(d.length - 4)];
  }
  function timeNarrowed() { return KG.dates.length > 0 && (state.from > 0 || state.to < KG.dates.length - 1); }
  function inTime(dates) {  // null: undated
    if (!dates || !dates.length) return null;
    if (!timeNarrowed()) return true;
    var lo = span(KG.dates[state.from])[0], hi = span(KG.dates[state.to])[1];
    return dates.some(function (d) { var s = span(d); return s[1] >= lo && s[0] <= hi; });
  }

  function computeVisible() {
    var ok = new Set();
    var narrowed = timeNarrowed();
    KG.nodes.forEach(function (n) {
      var m = KG.meta[n.id];
      if (state.pinned.has(n.id)) { ok.add(n.id); return; }
      if (!state.types.has(m.type)) return;
      if (!state.isolated && m.degree === 0) return;
      if (state.explore && !state.shown.has(n.id)) return;
      if (inTime(m.dates) === false) return;
      ok.add(n.id);
    });
    var es = new Set(), touched = new Set();
    KG.edges.forEach(function (e) {
      var m = KG.edgeMeta[e.id];
      if (!state.relations.has(m.relation)) return;
      if (!ok.has(e.from) || !ok.has(e.to)) return;
      if (inTime(m.dates) === false) return;
      es.add(e.id); touched.add(e.from); touched.add(e.to);
    });
    if (narrowed) {  // an undated node (e.g. a place from the gazetteer) only with a dated neighbour
      ok.forEach(function (id) {
        if (inTime(KG.meta[id].dates) === null && !touched.has(id) && !state.pinned.has(id)) ok.delete(id);
      });
    }
    visibleNodes = ok; visibleEdges = es;
    nodeView.refresh(); edgeView.refresh();
    $('counts').textContent = '节点 ' + ok.size + ' / ' + KG.nodes.length + ' · 关系 ' + es.size + ' / ' + KG.edges.length +
      (state.explore ? ' · 探索模式' : '');
  }
  var nodeView = new vis.DataView(nodes, {filter: function (n) { return visibleNodes.has(n.id); }});
  var edgeView = new vis.DataView(edges, {filter: function (e) { return visibleEdges.has(e.id); }});

  // ------------------------------------------------------------------ network
  var options = KG.options;
  var network;
  var ready = false;
  function markReady() {
    if (ready) return;
    ready = true;
    $('loading').hidden = true;
    document.body.setAttribute('data-ready', 'true');
  }
  function savePositions() {
    var pos = network.getPositions();
    nodes.update(Object.keys(pos).map(function (id) { return {id: id, x: pos[id].x, y: pos[id].y}; }));
  }
  function setPhysics(on) {
    network.setOptions({physics: {enabled: on}});
    $('btn-physics').textContent = '物理：' + (on ? '开' : '关');
    $('btn-physics').setAttribute('aria-pressed', on ? 'true' : 'false');
    if (!on) savePositions();
  }

  // ------------------------------------------------------------------ legend and filters
  function swatch(shape, color) {
    var s = '<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">';
    var f = ' fill="' + color + '" stroke="#555" stroke-width="0.6"';
    switch (shape) {
      case 'square': s += '<rect x="2.5" y="2.5" width="11" height="11"' + f + '/>'; break;
      case 'diamond': s += '<polygon points="8,1 15,8 8,15 1,8"' + f + '/>'; break;
      case 'triangle': s += '<polygon points="8,1.5 15,14 1,14"' + f + '/>'; break;
      case 'triangleDown': s += '<polygon points="1,2 15,2 8,14.5"' + f + '/>'; break;
      case 'star': s += '<polygon points="8,1 10,6 15,6 11,9.5 12.5,15 8,11.8 3.5,15 5,9.5 1,6 6,6"' + f + '/>'; break;
      case 'hexagon': s += '<polygon points="4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8"' + f + '/>'; break;
      case 'line': s += '<line x1="1" y1="8" x2="15" y2="8" stroke="' + color + '" stroke-width="3"/>'; break;
      default: s += '<circle cx="8" cy="8" r="6.5"' + f + '/>';
    }
    return s + '</svg>';
  }
  function buildLegend() {
    $('legend-types').innerHTML = KG.types.map(function (t) {
      return '<label title="' + esc(t.key) + '"><input type="checkbox" data-type="' + esc(t.key) + '" checked' +
        (t.count ? '' : ' disabled') + '>' + swatch(t.shape, t.color) + '<span>' + esc(t.label) + '</span><span class="n">' +
        t.count + '</span></label>';
    }).join('');
    $('legend-rels').innerHTML = KG.relations.map(function (r) {
      return '<label title="' + esc(r.key) + '"><input type="checkbox" data-rel="' + esc(r.key) + '" checked' +
        (r.count ? '' : ' disabled') + '>' + swatch('line', r.color) + '<span>' + esc(r.label) + '</span><span class="n">' +
        r.count + '</span></label>';
    }).join('');
    $('legend-types').addEventListener('change', function (ev) {
      var t = ev.target.getAttribute('data-type'); if (!t) return;
      if (ev.target.checked) state.types.add(t); else state.types.delete(t);
      computeVisible();
    });
    $('isolated-n').textContent = String(KG.nodes.filter(function (n) { return KG.meta[n.id].degree === 0; }).length);
    $('isolated').addEventListener('change', function (ev) { state.isolated = ev.target.checked; computeVisible(); });
    $('legend-rels').addEventListener('change', function (ev) {
      var r = ev.target.getAttribute('data-rel'); if (!r) return;
      if (ev.target.checked) state.relations.add(r); else state.relations.delete(r);
      computeVisible();
    });
  }
  function buildTime() {
    var n = KG.dates.length;
    if (!n) { $('time').hidden = true; return; }
    ['t-from', 't-to'].forEach(function (id) { $(id).max = String(n - 1); });
    $('t-from').value = '0'; $('t-to').value = String(n - 1);
    function show() {
      $('t-from-v').textContent = KG.dates[state.from];
      $('t-to-v').textContent = KG.dates[state.to];
    }
    function onInput(ev) {
      var a = +$('t-from').value, b = +$('t-to').value;
      if (a > b) { if (ev.target.id === 't-from') { b = a; $('t-to').value = String(b); } else { a = b; $('t-from').value = String(a); } }
      state.from = a; state.to = b; show(); computeVisible();
    }
    $('t-from').addEventListener('input', onInput);
    $('t-to').addEventListener('input', onInput);
    show();
  }

  // ------------------------------------------------------------------ search
  var searchIndex = KG.nodes.map(function (n) {
    var m = KG.meta[n.id];
    return {id: n.id, name: m.name, keys: [m.name].concat(m.aliases).map(function (s) { return s.toLowerCase(); })};
  });
  function search(q) {
    q = String(q || '').trim().toLowerCase();
    if (!q) return [];
    var exact = [], prefix = [], inner = [];
    searchIndex.forEach(function (r) {
      if (r.keys.indexOf(q) >= 0) exact.push(r);
      else if (r.keys.some(function (k) { return k.indexOf(q) === 0; })) prefix.push(r);
      else if (r.keys.some(function (k) { return k.indexOf(q) >= 0; })) inner.push(r);
    });
    var byDegree = function (a, b) { return KG.meta[b.id].degree - KG.meta[a.id].degree || (a.name < b.name ? -1 : 1); };
    return exact.sort(byDegree).concat(prefix.sort(byDegree), inner.sort(byDegree)).map(function (r) { return r.id; });
  }
  var suggestIds = [], suggestAt = -1;
  function renderSuggest() {
    var box = $('suggest');
    if (!suggestIds.length) { box.hidden = true; box.innerHTML = ''; return; }
    box.innerHTML = suggestIds.map(function (id, i) {
      var m = KG.meta[id], t = typeInfo[m.type];
      return '<li role="option" data-id="' + esc(id) + '" aria-selected="' + (i === suggestAt) + '">' + swatch(t.shape, t.color) +
        '<span>' + esc(m.name) + '</span>' + (m.aliases.length ? '<span class="alias">' + esc(m.aliases.slice(0, 3).join('、')) + '</span>' : '') + '</li>';
    }).join('');
    box.hidden = false;
  }
  function buildSearch() {
    var input = $('search');
    input.addEventListener('input', function () { suggestIds = search(input.value).slice(0, 20); suggestAt = suggestIds.length ? 0 : -1; renderSuggest(); });
    input.addEventListener('keydown', function (ev) {
      if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
        if (!suggestIds.length) return;
        suggestAt = (suggestAt + (ev.key === 'ArrowDown' ? 1 : suggestIds.length - 1)) % suggestIds.length;
        renderSuggest(); ev.preventDefault();
      } else if (ev.key === 'Enter') {
        var ids = suggestIds.length ? suggestIds : search(input.value);
        var id = ids[Math.max(0, suggestAt)];
        if (id) goTo(id);
        suggestIds = []; renderSuggest(); ev.preventDefault();
      } else if (ev.key === 'Escape') { suggestIds = []; renderSuggest(); }
    });
    $('suggest').addEventListener('mousedown', function (ev) {
      var li = ev.target.closest('li'); if (!li) return;
      goTo(li.getAttribute('data-id')); suggestIds = []; renderSuggest(); ev.preventDefault();
    });
    input.addEventListener('blur', function () { setTimeout(function () { suggestIds = []; renderSuggest(); }, 150); });
  }

  // ------------------------------------------------------------------ navigation
  function neighbours(id) {
    var out = new Set();
    adjacency[id].forEach(function (eid) {
      var e = edgeById[eid];
      if (!state.relations.has(KG.edgeMeta[eid].relation)) return;
      out.add(e.from === id ? e.to : e.from);
    });
    return out;
  }
  function expand(id) {
    if (!state.explore) { state.explore = true; state.shown = new Set(); }
    state.shown.add(id);
    neighbours(id).forEach(function (n) { state.shown.add(n); });
    computeVisible();
  }
  function exploreFrom(id) { state.explore = true; state.shown = new Set([id]); expand(id); focusNode(id); }
  function showAll() { state.explore = false; state.shown = new Set(); state.pinned = new Set(); computeVisible(); network.fit(); }
  function focusNode(id) {
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 1.0), animation: false});
  }
  function goTo(id) {
    if (!visibleNodes.has(id)) {
      if (state.explore) state.shown.add(id); else state.pinned.add(id);
      computeVisible();
    }
    focusNode(id);
    showNode(id);
  }

  // ------------------------------------------------------------------ details panel
  function nodeLink(id) {
    var m = KG.meta[id]; if (!m) return esc(id);
    return '<a data-node="' + esc(id) + '">' + esc(m.name) + '</a>';
  }
  function highlight(text, names) {
    var html = esc(text);
    names.filter(function (n) { return n && n.length > 1; }).sort(function (a, b) { return b.length - a.length; })
      .forEach(function (n) { html = html.split(esc(n)).join('<mark>' + esc(n) + '</mark>'); });
    return html.replace(/<mark>([^<]*)<mark>([^<]*)<\/mark>([^<]*)<\/mark>/g, '<mark>$1$2$3</mark>');
  }
  function namesOf(id) { var m = KG.meta[id]; return m ? [m.name].concat(m.aliases) : []; }
  function sourcesHtml(sources, names) {
    if (!sources.length) return '';
    return sources.map(function (s) {
      return '<blockquote class="src">' + highlight(s.text || '(句子未保存)', names) + '<footer>' +
        (s.article ? '<a data-article="' + esc(s.article) + '">《' + esc(s.headline) + '》</a>' : '') +
        ' · ' + esc(s.issue || '') + (s.date ? ' · ' + esc(s.date) : '') + '</footer></blockquote>';
    }).join('');
  }
  function datesHtml(dates) { return dates && dates.length ? ' <span class="dates">(' + esc(dates.join(', ')) + ')</span>' : ''; }
  function showNode(id) {
    var m = KG.meta[id], t = typeInfo[m.type];
    var h = '<h3>' + esc(m.name) + '</h3><div><span class="badge" style="background:' + t.color + '">' + esc(t.label) +
      '</span> 关系 ' + m.degree + ' · PageRank ' + m.pagerank.toFixed(4) + ' · 提及 ' + m.mentions + '</div>' +
      '<div class="iri">' + esc(id) + '</div>';
    if (m.aliases.length) h += '<h2>别名</h2><div>' + esc(m.aliases.join('、')) + '</div>';
    h += '<div><button type="button" data-explore="' + esc(id) + '">从此探索</button>' +
      '<button type="button" data-expand="' + esc(id) + '">展开邻居</button></div>';
    var posts = [], rels = [];
    adjacency[id].forEach(function (eid) { (KG.edgeMeta[eid].relation === 'memberOf' ? posts : rels).push(eid); });
    if (posts.length) {
      h += '<h2>职务</h2><ul>' + posts.map(function (eid) {
        var e = edgeById[eid], em = KG.edgeMeta[eid];
        var who = e.from === id ? nodeLink(e.to) : nodeLink(e.from);
        var line = e.from === id ? esc(em.titles.join('、') || '职务') + ' @ ' + who : who + ' · ' + esc(em.titles.join('、') || '职务');
        return '<li>' + line + datesHtml(em.dates) + sourcesHtml(em.sources, namesOf(e.from).concat(namesOf(e.to), em.titles)) + '</li>';
      }).join('') + '</ul>';
    }
    if (rels.length) {
      h += '<h2>关系</h2><ul>' + rels.map(function (eid) {
        var e = edgeById[eid], em = KG.edgeMeta[eid];
        var rel = '<a data-edge="' + esc(eid) + '" title="这条关系的来源">' + esc(em.label) + '</a>';
        var line = e.from === id ? rel + ' → ' + nodeLink(e.to) : nodeLink(e.from) + ' → ' + rel;
        return '<li>' + line + datesHtml(em.dates) +
          sourcesHtml(em.sources, namesOf(e.from).concat(namesOf(e.to))) + '</li>';
      }).join('') + '</ul>';
    }
    if (m.articles.length) {
      h += '<h2>报道（' + m.articles.length + '）</h2><ul>' + m.articles.map(function (a) {
        var info = KG.articles[a] || {};
        return '<li><a data-article="' + esc(a) + '">《' + esc(info.headline || a) + '》</a> <span class="dates">' +
          esc(info.issue || '') + (info.date ? ' · ' + esc(info.date) : '') + '</span></li>';
      }).join('') + '</ul>';
    }
    $('details').innerHTML = h;
    $('details').scrollTop = 0;
  }
  function showEdge(eid) {
    var e = edgeById[eid], em = KG.edgeMeta[eid];
    var h = '<h3>' + nodeLink(e.from) + ' —' + esc(em.label) + '→ ' + nodeLink(e.to) + '</h3>' +
      '<div><span class="badge" style="background:' + relInfo[em.relation].color + '">' + esc(relInfo[em.relation].label) + '</span>' +
      esc(em.relation) + datesHtml(em.dates) + '</div>';
    h += '<h2>来源句子（' + em.sources.length + '）</h2>' +
      (em.sources.length ? sourcesHtml(em.sources, namesOf(e.from).concat(namesOf(e.to), em.titles))
        : '<p class="hint">图中没有这条关系的来源句子（用 graph.trig 生成视图可附上）。</p>');
    $('details').innerHTML = h;
  }
  function showArticle(a) {
    var info = KG.articles[a] || {};
    var h = '<h3>《' + esc(info.headline || a) + '》</h3><div class="dates">' + esc(info.issue || '') +
      (info.date ? ' · ' + esc(info.date) : '') + '</div><div class="iri">' + esc(a) + '</div>';
    var ents = (articleEntities[a] || []).slice().sort(function (x, y) { return KG.meta[y].degree - KG.meta[x].degree; });
    var names = [];
    ents.forEach(function (id) { names = names.concat(namesOf(id)); });
    var sents = articleSentences[a] || [];
    h += '<h2>图中引用的句子（' + sents.length + '）</h2>' + sourcesHtml(sents, names);
    if (ents.length) h += '<h2>提及的实体（' + ents.length + '）</h2><ul>' + ents.map(function (id) { return '<li>' + nodeLink(id) + '</li>'; }).join('') + '</ul>';
    $('details').innerHTML = h;
    $('details').scrollTop = 0;
  }
  $('details').addEventListener('click', function (ev) {
    var el = ev.target.closest('[data-node],[data-article],[data-edge],[data-explore],[data-expand]');
    if (!el) return;
    if (el.hasAttribute('data-node')) goTo(el.getAttribute('data-node'));
    else if (el.hasAttribute('data-article')) showArticle(el.getAttribute('data-article'));
    else if (el.hasAttribute('data-edge')) showEdge(el.getAttribute('data-edge'));
    else if (el.hasAttribute('data-explore')) exploreFrom(el.getAttribute('data-explore'));
    else if (el.hasAttribute('data-expand')) { expand(el.getAttribute('data-expand')); showNode(el.getAttribute('data-expand')); }
  });

  // ------------------------------------------------------------------ start
  if (KG.note) $('note').textContent = KG.note;
  buildLegend(); buildTime(); buildSearch();
  computeVisible();
  network = new vis.Network($('network'), {nodes: nodeView, edges: edgeView}, options);
  network.on('click', function (p) {
    if (p.nodes.length) { var id = p.nodes[0]; if (state.explore) expand(id); showNode(id); }
    else if (p.edges.length) showEdge(p.edges[0]);
  });
  network.on('doubleClick', function (p) { if (p.nodes.length) { expand(p.nodes[0]); showNode(p.nodes[0]); } });
  if (KG.physics) {
    $('loading').textContent = '正在布局…';
    network.once('stabilizationIterationsDone', function () { setPhysics(false); network.fit(); markReady(); });
  } else {
    $('btn-physics').setAttribute('aria-pressed', 'false');
    network.once('afterDrawing', function () { markReady(); });
    network.fit();
  }
  $('btn-physics').addEventListener('click', function () {
    setPhysics($('btn-physics').getAttribute('aria-pressed') !== 'true');
  });
  $('btn-fit').addEventListener('click', function () { network.fit(); });
  $('btn-all').addEventListener('click', showAll);

  // for tests and the console
  window.kgView = {
    network: network, nodes: nodes, edges: edges, search: search, goTo: goTo, expand: expand, showAll: showAll,
    state: state, refresh: computeVisible,
    isReady: function () { return ready; },
    counts: function () { return {nodes: nodeView.length, edges: edgeView.length, total: KG.nodes.length, totalEdges: KG.edges.length}; }
  };
})();
