// claimbench: progressive enhancement only. Every page works without this script.
(function () {
  'use strict';
  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));
  // Radios, checkboxes and buttons take no text, so single-key shortcuts still work while they have
  // focus (pressing 4 focuses a verdict radio; r must then still jump to the rationale).
  const NO_TEXT = /^(radio|checkbox|button|submit|reset|file|color|range|image)$/;
  const typing = (el) => el && (el.isContentEditable || /^(TEXTAREA|SELECT)$/.test(el.tagName) || (el.tagName === 'INPUT' && !NO_TEXT.test(el.type)));

  // Keyboard shortcuts (press ? for the list).
  let pendingG = false;
  const rows = () => $$('[data-claim-row]');
  let current = -1;
  function focusRow(i) {
    const list = rows();
    if (!list.length) return false;
    current = Math.max(0, Math.min(list.length - 1, i));
    list.forEach((r, j) => r.classList.toggle('current', j === current));
    const link = $('a', list[current]);
    if (link) link.focus();
    list[current].scrollIntoView({ block: 'nearest' });
    return true;
  }
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && e.target && e.target.form) {
      e.preventDefault();
      e.target.form.requestSubmit();
      return;
    }
    if (typing(e.target) || e.altKey || e.ctrlKey || e.metaKey) return;
    const dialog = $('#shortcuts');
    if (e.key === '?') { e.preventDefault(); if (dialog && !dialog.open) dialog.showModal(); return; }
    if (pendingG) { pendingG = false; if (e.key === 'q') { location.href = '/queue'; return; } }
    if (e.key === 'g') { pendingG = true; setTimeout(() => { pendingG = false; }, 1200); return; }
    if (e.key === '/') { e.preventDefault(); location.href = '/search'; return; }
    if (e.key === 'j' || e.key === 'k') {
      const delta = e.key === 'j' ? 1 : -1;
      if (rows().length) { e.preventDefault(); focusRow(current + delta); return; }
      const link = $(`[data-key="${delta > 0 ? 'next' : 'prev'}"]`);
      if (link) { e.preventDefault(); location.href = link.href; }
      return;
    }
    if (e.key === 's') { const f = $('[data-key="source"]'); if (f) { e.preventDefault(); f.focus(); } return; }
    if (e.key === 'r') { const f = $('[data-key="rationale"]'); if (f) { e.preventDefault(); f.focus(); } return; }
    if (/^[1-9]$/.test(e.key)) {
      const radio = $(`input[data-verdict-key="${e.key}"]`);
      if (radio) { e.preventDefault(); radio.checked = true; radio.focus(); }
    }
  });
  $$('[data-shortcuts]').forEach((a) => a.addEventListener('click', (e) => { e.preventDefault(); const d = $('#shortcuts'); if (d) d.showModal(); }));
  $$('[data-print]').forEach((b) => b.addEventListener('click', () => window.print()));

  // A long form submission (imports, restores) shows that it is working.
  // Uploads go through XHR so the bar shows real upload progress; any failure falls back to the
  // plain form post (nothing is written on an error, so posting again is safe).
  $$('form[data-progress-form]').forEach((form) => form.addEventListener('submit', (e) => {
    const bar = $('progress.busy', form);
    const text = $('[data-progress-text]', form);
    const btn = $('button[type=submit]', form);
    if (bar) bar.hidden = false;
    if (btn) { btn.disabled = true; btn.textContent = 'Working…'; }
    if (!bar || !window.XMLHttpRequest || !window.FormData) return;
    e.preventDefault();
    const say = (msg) => { if (text) text.textContent = msg; };
    const xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
    xhr.upload.addEventListener('progress', (ev) => {
      if (!ev.lengthComputable) return;
      bar.max = ev.total;
      bar.value = ev.loaded;
      say(`Uploading: ${Math.round((ev.loaded / ev.total) * 100)}%`);
    });
    xhr.upload.addEventListener('load', () => { bar.removeAttribute('value'); say('Splitting into claims…'); });
    xhr.addEventListener('load', () => {
      let target = null;
      try {
        target = xhr.status < 400 ? JSON.parse(xhr.responseText).location : null;
      } catch {
        target = null;
      }
      if (typeof target === 'string' && target.startsWith('/')) location.href = target;
      else form.submit();
    });
    xhr.addEventListener('error', () => form.submit());
    xhr.send(new FormData(form));
  }));

  // Add a claim by selecting article text: offsets are computed over the text container, whose
  // text content is exactly the stored article text.
  const text = $('#article-text');
  const form = $('#selection-form');
  if (text && form) {
    const start = $('input[name=start]', form);
    const end = $('input[name=end]', form);
    const hint = $('#selection-hint');
    const offsetOf = (node, offset) => {
      const range = document.createRange();
      range.selectNodeContents(text);
      range.setEnd(node, offset);
      return range.toString().length;
    };
    document.addEventListener('selectionchange', () => {
      const sel = document.getSelection();
      if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return;
      const r = sel.getRangeAt(0);
      if (!text.contains(r.startContainer) || !text.contains(r.endContainer)) return;
      const a = offsetOf(r.startContainer, r.startOffset);
      const b = offsetOf(r.endContainer, r.endOffset);
      start.value = String(Math.min(a, b));
      end.value = String(Math.max(a, b));
      if (hint) hint.textContent = `Selected ${Math.abs(b - a)} characters.`;
    });
  }
})();
