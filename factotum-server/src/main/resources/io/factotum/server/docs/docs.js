// Renders /openapi.json with Swagger UI; every request (the document too) carries the token the
// dashboard keeps for this tab, so "Try it out" works on a server that requires one.
(function () {
  'use strict';
  var KEY = 'factotum-token';
  var form = document.getElementById('token-form');
  var input = document.getElementById('token');
  input.value = sessionStorage.getItem(KEY) || '';
  function render() {
    window.ui = SwaggerUIBundle({
      url: '/openapi.json',
      dom_id: '#swagger-ui',
      deepLinking: true,
      tryItOutEnabled: true,
      requestInterceptor: function (req) {
        var token = sessionStorage.getItem(KEY);
        if (token) {
          req.headers.Authorization = 'Bearer ' + token;
        }
        return req;
      }
    });
  }
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    if (input.value) {
      sessionStorage.setItem(KEY, input.value);
    } else {
      sessionStorage.removeItem(KEY);
    }
    render();
  });
  render();
})();
