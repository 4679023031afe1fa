// Mounts the company's booking form into another website: put this where the form should appear
//
//   <script src="https://<the service>/book/embed.js" data-lang="ru" data-color="0a7a5b"></script>
//
// (data-target="#some-element" mounts it into that element instead; data-title names the frame for screen readers).
// It adds an iframe of <the service>/book/embed?lang=..&color=.. (allowed to be framed only by the origins the company
// configured, fieldplan.embed.origins) and keeps the frame as tall as the form inside it, which reports its height with
// postMessage. Nothing else is read from or written to the page that embeds it.
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script) return;
  var service = new URL(script.src, location.href).origin;
  var url = new URL('/book/embed', service);
  if (script.dataset.lang) url.searchParams.set('lang', script.dataset.lang);
  if (script.dataset.color) url.searchParams.set('color', script.dataset.color.replace('#', ''));
  var frame = document.createElement('iframe');
  frame.src = url.href;
  frame.title = script.dataset.title || 'Booking form';
  frame.className = 'fieldplan-booking';
  frame.setAttribute('allow', 'geolocation');
  frame.style.cssText = 'display:block;width:100%;max-width:680px;min-height:520px;border:0;';
  var target = script.dataset.target ? document.querySelector(script.dataset.target) : null;
  if (target) target.appendChild(frame); else script.insertAdjacentElement('afterend', frame);
  window.addEventListener('message', function (e) {
    if (e.origin !== service || e.source !== frame.contentWindow || !e.data || e.data.type !== 'fieldplan-book-height') return;
    var height = Number(e.data.height);
    if (height > 0 && height < 20000) frame.style.height = height + 'px';
  });
}());
