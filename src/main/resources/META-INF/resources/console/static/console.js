// Every htmx request of a console page carries the session's CSRF token (forms carry it as a field as well).
document.addEventListener('htmx:configRequest', function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta && meta.content) {
    event.detail.headers['X-CSRF-Token'] = meta.content;
  }
});
