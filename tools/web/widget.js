/*
 * FAQ chat widget for `faq serve`. No dependencies; add it with one tag:
 *
 *   <script src="/widget.js" data-endpoint="/v1/ask" defer></script>
 *
 * data-* options on the script tag:
 *   data-endpoint     URL of POST /v1/ask (default: /v1/ask beside the script)
 *   data-feedback     URL of POST /v1/feedback (default: beside the endpoint)
 *   data-css          stylesheet URL (default: widget.css beside the script; "none" = bring your own)
 *   data-title        panel title (default "Questions? Ask us")
 *   data-placeholder  input placeholder
 *   data-k            answers asked for (default 3)
 *
 * Safety: every text from the server is inserted as DOM text, never as HTML.
 * The snippet's <mark> highlights become <mark> elements built by the widget;
 * the text between them is decoded from the server's HTML escaping and
 * inserted as text, so nothing in a passage can inject markup.
 *
 * A small API for pages: window.FAQWidget.open(), .close(), .ask(question).
 */
(function () {
  'use strict';
  if (window.FAQWidget) return;  // included twice

  var script = document.currentScript;
  var data = (script && script.dataset) || {};
  var scriptUrl = script && script.src ? script.src : location.href;
  var endpoint = new URL(data.endpoint || 'v1/ask', scriptUrl).href;
  var feedbackUrl = new URL(data.feedback || 'feedback', endpoint).href;
  var k = parseInt(data.k || '3', 10) || 3;
  var storageKey = 'faq-widget-session:' + endpoint;
  var uid = 0;

  function nextId(name) { uid += 1; return 'faqw-' + name + '-' + uid; }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var v = attrs[name];
      if (v === null || v === undefined || v === false) return;
      if (name === 'text') node.textContent = v;
      else if (name === 'className') node.className = v;
      else node.setAttribute(name, v === true ? '' : String(v));
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  function loadSession() {
    try { return sessionStorage.getItem(storageKey) || ''; } catch (e) { return ''; }
  }
  function saveSession(id) {
    try { if (id) sessionStorage.setItem(storageKey, id); } catch (e) { /* private mode */ }
  }

  var ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", '#39': "'", '#x27': "'" };
  function decodeEntities(s) {
    return s.replace(/&(lt|gt|amp|quot|apos|#39|#x27);/g, function (m, name) { return ENTITIES[name]; });
  }

  // Appends the server's snippet ("escaped text with <mark>word</mark>") to
  // `parent` as text nodes and <mark> elements.
  function appendSnippet(parent, snippet) {
    var mark = null;
    String(snippet || '').split(/(<mark>|<\/mark>)/).forEach(function (part) {
      if (part === '<mark>') {
        if (!mark) { mark = document.createElement('mark'); parent.appendChild(mark); }
      } else if (part === '</mark>') {
        mark = null;
      } else if (part) {
        (mark || parent).appendChild(document.createTextNode(decodeEntities(part)));
      }
    });
  }

  function safeHref(url) {
    try {
      var u = new URL(url, location.href);
      return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
    } catch (e) { return null; }
  }

  function ready(fn) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn);
    else fn();
  }

  ready(function () {
    if (data.css !== 'none') {
      var cssUrl = new URL(data.css || 'widget.css', scriptUrl).href;
      if (!document.querySelector('link[href="' + cssUrl + '"]'))
        document.head.appendChild(el('link', { rel: 'stylesheet', href: cssUrl }));
    }

    var titleId = nextId('title');
    var panelId = nextId('panel');
    var inputId = nextId('input');
    var helpId = nextId('help');

    var launcher = el('button', {
      type: 'button', className: 'faqw-launcher', 'aria-haspopup': 'dialog',
      'aria-expanded': 'false', 'aria-controls': panelId, 'aria-label': 'Ask a question'
    }, [el('span', { className: 'faqw-launcher-icon', 'aria-hidden': 'true', text: '?' })]);

    var closeBtn = el('button', { type: 'button', className: 'faqw-close', 'aria-label': 'Close' },
      [el('span', { 'aria-hidden': 'true', text: '\u00d7' })]);
    var log = el('div', {
      className: 'faqw-log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions',
      'aria-label': 'Conversation', tabindex: '-1'
    });
    var input = el('input', {
      id: inputId, className: 'faqw-input', type: 'text', autocomplete: 'off', maxlength: '1000',
      placeholder: data.placeholder || 'Type your question', 'aria-describedby': helpId
    });
    var send = el('button', { type: 'submit', className: 'faqw-send', text: 'Ask' });
    var form = el('form', { className: 'faqw-form' }, [
      el('label', { for: inputId, className: 'faqw-visually-hidden', text: 'Your question' }),
      input, send
    ]);
    var panel = el('div', {
      id: panelId, className: 'faqw-panel', role: 'dialog', 'aria-modal': 'false',
      'aria-labelledby': titleId, hidden: true
    }, [
      el('div', { className: 'faqw-header' }, [
        el('h2', { id: titleId, className: 'faqw-title', text: data.title || 'Questions? Ask us' }), closeBtn
      ]),
      log,
      el('p', { id: helpId, className: 'faqw-visually-hidden',
        text: 'Answers appear above. Press Escape to close.' }),
      form
    ]);
    var root = el('div', { className: 'faqw-root' }, [panel, launcher]);
    document.body.appendChild(root);

    var busy = false;

    function open() {
      panel.hidden = false;
      launcher.setAttribute('aria-expanded', 'true');
      root.classList.add('faqw-open');
      if (!log.firstChild)
        addBot([el('p', { text: 'Hello! Ask me a question and I will look for the answer.' })]);
      input.focus();
    }
    function close() {
      panel.hidden = true;
      launcher.setAttribute('aria-expanded', 'false');
      root.classList.remove('faqw-open');
      launcher.focus();
    }

    function scrollDown() { log.scrollTop = log.scrollHeight; }
    function addUser(text) {
      log.appendChild(el('div', { className: 'faqw-msg faqw-user' }, [
        el('span', { className: 'faqw-visually-hidden', text: 'You: ' }),
        el('p', { text: text })
      ]));
      scrollDown();
    }
    function addBot(children, extraClass) {
      var msg = el('div', { className: 'faqw-msg faqw-bot' + (extraClass ? ' ' + extraClass : '') },
        [el('span', { className: 'faqw-visually-hidden', text: 'Answer: ' })].concat(children));
      log.appendChild(msg);
      scrollDown();
      return msg;
    }

    function feedbackButtons(answerId) {
      var box = el('div', { className: 'faqw-feedback', role: 'group', 'aria-label': 'Was this helpful?' });
      [['Helpful', true], ['Not helpful', false]].forEach(function (pair) {
        var b = el('button', { type: 'button', className: 'faqw-chip faqw-fb', 'aria-pressed': 'false', text: pair[0] });
        b.addEventListener('click', function () {
          box.querySelectorAll('button').forEach(function (x) { x.disabled = true; });
          b.setAttribute('aria-pressed', 'true');
          sendFeedback(answerId, pair[1]);
          box.appendChild(el('span', { className: 'faqw-thanks', text: 'Thank you!' }));
        });
        box.appendChild(b);
      });
      return box;
    }

    function answerBlock(answer) {
      var parts = [];
      var heading = answer.heading && answer.heading !== answer.title ? answer.title + ' \u2014 ' + answer.heading : answer.title;
      if (heading) parts.push(el('p', { className: 'faqw-answer-title', text: heading }));
      var snippet = el('p', { className: 'faqw-snippet' });
      appendSnippet(snippet, answer.snippet || answer.text);
      parts.push(snippet);
      if (answer.text && answer.text.length > (answer.snippet || '').length) {
        parts.push(el('details', { className: 'faqw-full' }, [
          el('summary', { text: 'Full answer' }),
          el('p', { text: answer.text })
        ]));
      }
      var href = answer.url ? safeHref(answer.url) : null;
      var sourceLabel = answer.source ? String(answer.source).split(/[\\/]/).pop() : (answer.url || "");
      if (sourceLabel || href) {
        var src = href
          ? el('a', { href: href, target: '_blank', rel: 'noopener noreferrer', text: sourceLabel })
          : el('span', { text: sourceLabel });
        parts.push(el('p', { className: 'faqw-source' }, [document.createTextNode('Source: '), src]));
      }
      if (answer.id) parts.push(feedbackButtons(answer.id));
      return parts;
    }

    function chips(label, items, onPick) {
      var listLabelId = nextId('chips');
      var box = el('div', { className: 'faqw-chips', role: 'group', 'aria-labelledby': listLabelId }, [
        el('p', { id: listLabelId, className: 'faqw-chips-label', text: label })
      ]);
      items.forEach(function (item) {
        var b = el('button', { type: 'button', className: 'faqw-chip', text: item.label });
        b.addEventListener('click', function () { onPick(item); });
        box.appendChild(b);
      });
      return box;
    }

    function showAnswer(answer, followUps) {
      var parts = answerBlock(answer);
      if (followUps && followUps.length) {
        var seen = {};
        var items = followUps.filter(function (f) {
          if (!f.label || seen[f.label]) return false;
          seen[f.label] = true;
          return true;
        }).map(function (f) { return { label: f.label }; });
        if (items.length) parts.push(chips('Related questions:', items, function (item) { ask(item.label); }));
      }
      addBot(parts, 'faqw-answer');
    }

    function choiceLabel(a) {
      var label = a.title || a.question || a.source || 'Answer';
      if (a.heading && a.heading !== a.title) label += ' \u2014 ' + a.heading;
      return label;
    }

    function render(result) {
      var answers = result.answers || [];
      var notes = [];
      if (result.did_you_mean) notes.push(el('p', { className: 'faqw-note', text: 'Showing results for: ' + result.did_you_mean }));
      if (result.status === 'answer' && answers.length) {
        if (notes.length) addBot(notes);
        showAnswer(answers[0], result.follow_ups);
        return;
      }
      var pick = function (item) { addUser(item.label); showAnswer(item.answer, []); };
      var items = answers.map(function (a) { return { label: choiceLabel(a), answer: a }; });
      if (result.status === 'ambiguous' && answers.length) {
        notes.push(el('p', { text: 'Several topics could answer this. Which one do you mean?' }));
        notes.push(chips('Choose a topic:', items, pick));
      } else {
        notes.push(el('p', { text: 'Sorry, I could not find an answer to that.' }));
        if (items.length) notes.push(chips('These might be related:', items, pick));
        else notes.push(el('p', { text: 'Try asking in other words.' }));
      }
      addBot(notes, result.status === 'ambiguous' ? 'faqw-ambiguous' : 'faqw-no-answer');
    }

    function post(url, body) {
      return fetch(url, {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body)
      }).then(function (res) {
        return res.json().catch(function () { return {}; }).then(function (json) {
          if (!res.ok) {
            var msg = json && json.error && json.error.message ? json.error.message : 'HTTP ' + res.status;
            var err = new Error(msg);
            err.status = res.status;
            throw err;
          }
          return json;
        });
      });
    }

    function sendFeedback(answerId, helpful) {
      var session = loadSession();
      if (!session) return;
      post(feedbackUrl, { session: session, answer_id: answerId, helpful: helpful }).catch(function () {});
    }

    function setBusy(on) {
      busy = on;
      send.disabled = on;
      log.setAttribute('aria-busy', on ? 'true' : 'false');
    }

    function ask(question) {
      question = String(question || '').trim();
      if (!question || busy) return;
      if (panel.hidden) open();
      addUser(question);
      var typing = el('div', { className: 'faqw-msg faqw-bot faqw-typing', 'aria-hidden': 'true', text: '\u2026' });
      log.appendChild(typing);
      scrollDown();
      setBusy(true);
      var body = { question: question, k: k };
      var session = loadSession();
      if (session) body.session = session;
      post(endpoint, body).then(function (result) {
        saveSession(result.session);
        typing.remove();
        render(result);
      }).catch(function (err) {
        typing.remove();
        var text = err.status === 429 ? 'Too many questions at once; please wait a moment.'
          : 'Sorry, something went wrong: ' + err.message;
        addBot([el('p', { text: text })], 'faqw-error');
      }).then(function () { setBusy(false); });
    }

    launcher.addEventListener('click', function () { if (panel.hidden) open(); else close(); });
    closeBtn.addEventListener('click', close);
    panel.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' || e.key === 'Esc') { e.preventDefault(); close(); }
    });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var q = input.value;
      if (!q.trim() || busy) return;
      input.value = '';
      ask(q);
      input.focus();
    });

    window.FAQWidget = { open: open, close: close, ask: ask };
  });
})();
