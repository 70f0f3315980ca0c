// Previous/next change navigation; without JavaScript the links at the top still work.
(function () {
  var marks = Array.prototype.slice.call(document.querySelectorAll("[id^='change-']"));
  var jump = document.querySelector(".rl-jump");
  if (!marks.length || !jump) return;
  jump.hidden = false;
  var position = jump.querySelector(".rl-position");
  var current = -1;
  function visible(el) { return el.offsetParent !== null || el.getClientRects().length > 0; }
  function go(step) {
    var i = current;
    do { i += step; } while (i >= 0 && i < marks.length && !visible(marks[i]));
    if (i < 0 || i >= marks.length) return;
    if (current >= 0) marks[current].classList.remove("rl-current");
    current = i;
    marks[i].classList.add("rl-current");
    marks[i].scrollIntoView({ block: "center" });
    position.textContent = "Change " + (i + 1) + " of " + marks.length;
  }
  jump.addEventListener("click", function (event) {
    var step = event.target.getAttribute("data-step");
    if (step) go(parseInt(step, 10));
  });
  document.addEventListener("keydown", function (event) {
    if (event.target.tagName === "INPUT" || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "n") go(1);
    if (event.key === "p") go(-1);
  });
})();
