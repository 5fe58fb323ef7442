// Injected by tests/playbook/browser.rs only (the playbook itself never holds a script).
// Lays the page out as it prints (the `@media print` rules made the screen's, the window as
// wide as the page box), then writes every box that leaves the page box, or holds text wider
// than itself, into a `pre#measurements` the test reads back with `--dump-dom`.
(function () {
  for (const sheet of document.styleSheets) {
    for (const rule of Array.from(sheet.cssRules)) {
      if (rule instanceof CSSMediaRule && rule.media.mediaText.includes("print")) {
        for (const inner of Array.from(rule.cssRules)) {
          sheet.insertRule(inner.cssText, sheet.cssRules.length);
        }
      }
    }
  }
  const page = document.documentElement.clientWidth;
  const selector = "table, section, figure, svg, .field, .answer, .fill-in, .facts, .phase-parts, .columns, ul, p, h1, h2, h3, h4, blockquote";
  const lines = ["page " + page];
  let measured = 0;
  for (const element of document.querySelectorAll(selector)) {
    const box = element.getBoundingClientRect();
    measured += 1;
    // Outside the page box, or holding text wider than itself (a word that does not break).
    if (box.left < 0 || box.right > page - 1 || element.scrollWidth > element.clientWidth + 1) {
      const name = element.tagName.toLowerCase() + (element.className && typeof element.className === "string" ? "." + element.className.split(" ").join(".") : "") + (element.id ? "#" + element.id : "");
      lines.push("clipped " + name + " left " + box.left.toFixed(1) + " right " + box.right.toFixed(1));
    }
  }
  lines.push("measured " + measured);
  const out = document.createElement("pre");
  out.id = "measurements";
  out.textContent = lines.join("\n");
  document.body.appendChild(out);
})();
