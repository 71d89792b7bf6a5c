// Filters the operations table on the index page as you type (operation, Python call, path, scope...).
document.addEventListener("DOMContentLoaded", function () {
  var input = document.getElementById("operation-filter");
  if (!input) return;
  var table = document.querySelector("article table");
  if (!table) return;
  input.addEventListener("input", function () {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var text = row.textContent.toLowerCase();
      row.style.display = words.every(function (word) { return text.indexOf(word) !== -1; }) ? "" : "none";
    });
  });
});
