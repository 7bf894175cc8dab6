// The platform report page's team filter: every element with a data-team attribute is shown for
// its team only while a team is chosen; the page needs no other script and loads nothing.
(function () {
  'use strict';
  var select = document.getElementById('team-filter');
  var counter = document.getElementById('shown-services');
  if (!select) return;
  function apply() {
    var team = select.value;
    var shown = 0;
    var rows = document.querySelectorAll('[data-team]');
    for (var i = 0; i < rows.length; i++) {
      var visible = team === '' || rows[i].getAttribute('data-team') === team;
      rows[i].hidden = !visible;
      if (visible && rows[i].hasAttribute('data-service')) shown++;
    }
    if (counter) counter.textContent = String(shown);
  }
  select.addEventListener('change', apply);
  apply();
})();
