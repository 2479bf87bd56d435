// The character report's interaction: draws a story when it is opened, from
// its inline JSON, and filters findings by rule and severity. Story text is
// only ever set through textContent, so it can never become markup.
(function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";
  var PRONOUN_SETS = ["he/him", "she/her", "they/them"];
  var FULL_NAME = "full name";
  var SHORT_NAME = "other name";
  // Beyond this many marks in a lane, marks are counted into this many bins.
  var BINS = 300;
  var LEFT = 118, RIGHT = 992, WIDTH = 1000, LANE = 16, GAP = 5;

  function setClass(set) {
    var index = PRONOUN_SETS.indexOf(set);
    return index < 0 ? "other" : ["he", "she", "they"][index];
  }

  function html(tag, attributes) {
    var node = document.createElement(tag);
    setAttributes(node, attributes);
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  function svg(tag, attributes) {
    var node = document.createElementNS(SVG_NS, tag);
    setAttributes(node, attributes);
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  function setAttributes(node, attributes) {
    for (var key in attributes || {}) {
      if (attributes[key] !== null && attributes[key] !== undefined) node.setAttribute(key, attributes[key]);
    }
  }

  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (item) { append(node, item); }); return; }
    node.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }

  function plural(count, word) { return count + " " + word + (count === 1 ? "" : "s"); }

  function swatch(set) {
    return svg("svg", { width: 14, height: 14, "aria-hidden": "true" },
      svg("rect", { x: 0.5, y: 0.5, width: 13, height: 13, rx: 2, fill: "url(#pattern-" + setClass(set) + ")", stroke: "#444" }));
  }

  // Story sections

  var drawn = {};

  function storyData(number) {
    return JSON.parse(document.getElementById("story-data-" + number).textContent);
  }

  function draw(details) {
    var number = details.getAttribute("data-story");
    if (drawn[number]) return;
    drawn[number] = true;
    var story = storyData(number);
    details.querySelector(".story-body").appendChild(renderStory(number, story));
    applyFilters();
  }

  function fileLink(story, path, text) {
    var file = story.files.filter(function (entry) { return entry.path === path; })[0];
    return file && file.href ? html("a", { href: file.href, "class": "loc" }, text) : html("span", { "class": "loc" }, text);
  }

  function renderStory(number, story) {
    var body = document.createDocumentFragment();
    if (story.files.length > 1 || story.cast) {
      body.appendChild(html("p", { "class": "meta" },
        story.files.length > 1 ? ["Files, in story order: ", story.files.map(function (file, index) {
          return [index ? ", " : "", fileLink(story, file.path, file.path)];
        })] : null,
        story.cast ? [story.files.length > 1 ? ". " : "", "Cast file: ", story.cast] : null));
    }
    if (story.error) body.appendChild(html("p", { "class": "record-error" }, "Not linted: " + story.error));
    body.appendChild(html("h3", null, "Cast"));
    if (!story.text) {
      body.appendChild(html("p", { "class": "muted" },
        "Corpus results hold findings, not the text: run prose-lint report on the stories for their cast and timelines."));
    } else if (!story.characters.length) {
      body.appendChild(html("p", { "class": "muted" }, "No characters found."));
    } else {
      body.appendChild(legend());
      story.characters.forEach(function (character) {
        body.appendChild(renderCharacter(number, story, character));
      });
    }
    body.appendChild(html("h3", null, "Findings"));
    if (!story.findings.length) {
      body.appendChild(html("p", { "class": "muted" }, "No findings."));
    } else {
      var list = html("div", { "class": "finding-list" });
      var name = "group-" + number;
      var choices = html("fieldset", { "class": "group-by" }, html("legend", null, "Group by"),
        ["character", "rule"].map(function (key) {
          var input = html("input", { type: "radio", name: name, value: key });
          input.checked = key === "character";
          input.addEventListener("change", function () { renderFindings(list, number, story, key); });
          return html("label", null, input, " ", key);
        }));
      body.appendChild(choices);
      body.appendChild(list);
      renderFindings(list, number, story, "character");
    }
    return body;
  }

  function legend() {
    var entries = PRONOUN_SETS.map(function (set) { return html("span", null, swatch(set), set); });
    entries.push(html("span", null, svg("svg", { width: 14, height: 14, "aria-hidden": "true" },
      svg("rect", { x: 5, y: 0, width: 4, height: 14, "class": "full", fill: "#4b3a8f" })), "full name"));
    entries.push(html("span", null, svg("svg", { width: 14, height: 14, "aria-hidden": "true" },
      svg("path", { d: "M2 1 L12 1 L7 12 Z", fill: "#b42318" })), "finding (line number beside it)"));
    return html("div", { "class": "legend", "aria-label": "Timeline legend" }, entries);
  }

  function renderCharacter(number, story, character) {
    var findings = story.findings.map(function (finding, i) { return [finding, i]; })
      .filter(function (pair) { return pair[0].character === character.name; });
    var pronouns = PRONOUN_SETS.filter(function (set) { return character.pronoun_uses[set]; }).map(function (set) {
      return html("span", { "class": "chip" }, swatch(set), set + " " + character.pronoun_uses[set]);
    });
    var mentions = Object.keys(character.mentions).map(function (path) { return [path, character.mentions[path]]; });
    var evidence = [];
    var titles = Object.keys(character.evidence.titles);
    if (titles.length) evidence.push("titles " + titles.map(function (t) { return t + " \u00d7" + character.evidence.titles[t]; }).join(", ") +
      (character.evidence.title_gender ? " (" + character.evidence.title_gender + ")" : ""));
    if (character.evidence.given_name_gender) evidence.push("given name usually " + character.evidence.given_name_gender);
    if (character.unnamed) evidence.push("unnamed: known by a role noun, " + character.role_gender);
    var facts = html("dl", { "class": "facts" },
      html("dt", null, "Pronouns"),
      html("dd", null, character.declared_pronouns ? html("span", { "class": "chip declared" }, "declared " + character.declared_pronouns) : null,
        pronouns.length ? pronouns : html("span", { "class": "muted" }, "none resolved")),
      html("dt", null, "Evidence"), html("dd", null, evidence.length ? evidence.join("; ") : html("span", { "class": "muted" }, "none")),
      character.evidence.person && Object.keys(character.evidence.person).length ? [html("dt", null, "A person by"),
        html("dd", null, Object.keys(character.evidence.person).map(function (cue) {
          return cue + " \u00d7" + character.evidence.person[cue];
        }).join(", "))] : null,
      html("dt", null, "Mentions"), html("dd", null, mentions.length === 1 && story.files.length === 1 ? String(mentions[0][1]) :
        mentions.map(function (pair, i) { return [i ? ", " : "", pair[0] + " " + pair[1]]; })),
      html("dt", null, "Names"), html("dd", null, nameTable(character)),
      character.note ? [html("dt", null, "Note"), html("dd", null, character.note)] : null);
    var article = html("article", { "class": "character", "aria-label": character.name },
      html("div", { "class": "character-head" }, html("h4", null, character.name),
        character.aliases.length ? html("span", { "class": "aliases" }, "also " + character.aliases.join(", ")) : null,
        character.unnamed ? html("span", { "class": "chip" }, "unnamed") : null,
        html("span", { "class": "muted" }, plural(findings.length, "finding"))),
      facts,
      timeline(number, story, character, findings));
    if (findings.length) {
      var rules = [], byRule = {};
      findings.forEach(function (pair) {
        if (!byRule[pair[0].rule]) { byRule[pair[0].rule] = []; rules.push(pair[0].rule); }
        byRule[pair[0].rule].push(pair);
      });
      article.appendChild(html("ul", { "class": "finding-links" }, rules.map(function (rule) {
        return html("li", { "class": "finding-link", "data-rule": rule }, html("code", null, rule), " at line ",
          byRule[rule].map(function (pair, i) {
            return [i ? ", " : "", html("a", { href: "#f-" + number + "-" + pair[1], "class": "finding-link", "data-severity": pair[0].severity },
              String(pair[0].line))];
          }));
      })));
    }
    return article;
  }

  function nameTable(character) {
    var rows = Object.keys(character.forms).map(function (form) { return [form, character.forms[form], false]; })
      .concat(Object.keys(character.variants).map(function (form) { return [form, character.variants[form], true]; }));
    if (!rows.length) return html("span", { "class": "muted" }, "none");
    var most = Math.max.apply(null, rows.map(function (row) { return row[1]; }));
    return html("table", { "class": "names" }, html("tbody", null, rows.map(function (row) {
      return html("tr", { "class": row[2] ? "flagged" : null },
        html("td", null, row[0]), html("td", { "class": "count" }, "\u00d7" + row[1]),
        html("td", null, html("span", { "class": "bar", style: "width:" + Math.max(4, 120 * row[1] / most) + "px" })),
        html("td", { "class": "muted" }, row[2] ? "flagged as a variant spelling" : ""));
    })));
  }

  // Timeline: one lane per kind of mark, paragraphs along the x axis.

  function timeline(number, story, character, findings) {
    var paragraphs = Math.max(story.paragraphs, 1);
    function x(position) { return LEFT + (RIGHT - LEFT) * position / paragraphs; }
    var lanes = [];
    var byKind = {};
    character.marks.forEach(function (mark) { (byKind[mark[2]] = byKind[mark[2]] || []).push(mark); });
    if (byKind[FULL_NAME]) lanes.push({ label: "full name", marks: byKind[FULL_NAME], fill: null, cls: "full" });
    if (byKind[SHORT_NAME]) lanes.push({ label: "other names", marks: byKind[SHORT_NAME], fill: null, cls: "name" });
    var sets = Object.keys(byKind).filter(function (kind) { return kind !== FULL_NAME && kind !== SHORT_NAME; })
      .sort(function (a, b) { return (PRONOUN_SETS.indexOf(a) + 4) % 4 - (PRONOUN_SETS.indexOf(b) + 4) % 4; });
    sets.forEach(function (set) {
      lanes.push({ label: set, marks: byKind[set], fill: "url(#pattern-" + setClass(set) + ")", cls: "pronoun " + setClass(set) });
    });
    var chapterRow = story.files.length > 1 ? 14 : 0;
    var bandTop = chapterRow + lanes.length * (LANE + GAP);
    var band = sets.length ? LANE : 0;
    var findingsTop = bandTop + (band ? band + GAP : 0);
    var findingRow = findings.length ? 30 : 0;
    var axisTop = findingsTop + findingRow;
    var height = axisTop + 18;
    var root = svg("svg", {
      "class": "timeline", viewBox: "0 0 " + WIDTH + " " + height, role: "group",
      "data-character": character.name,
      "aria-label": "Timeline of " + character.name + ": " + character.marks.length + " mentions and pronouns over " + plural(paragraphs, "paragraph"),
    });
    lanes.forEach(function (lane, index) {
      var top = chapterRow + index * (LANE + GAP);
      root.appendChild(svg("text", { x: LEFT - 8, y: top + LANE - 4, "text-anchor": "end", "class": "lane-label" }, lane.label));
      root.appendChild(svg("rect", { x: LEFT, y: top, width: RIGHT - LEFT, height: LANE, "class": "lane-bg" }));
      var group = svg("g", { "class": "lane " + lane.cls, "data-lane": lane.label });
      laneMarks(lane.marks, paragraphs).forEach(function (mark) {
        group.appendChild(svg("rect", {
          x: (x(mark.start)).toFixed(1), y: top, width: Math.max(x(mark.end) - x(mark.start), 2.5).toFixed(1), height: LANE,
          fill: lane.fill, opacity: mark.opacity, "data-line": mark.line,
        }, svg("title", null, mark.title + " " + lane.label)));
      });
      root.appendChild(group);
    });
    if (band) {
      root.appendChild(svg("text", { x: LEFT - 8, y: bandTop + LANE - 4, "text-anchor": "end", "class": "lane-label" }, "pronouns by \u00b6"));
      root.appendChild(pronounBand(character, sets, paragraphs, x, bandTop));
    }
    var labelEnd = -Infinity;
    story.files.forEach(function (file, index) {
      var left = x(file.first_paragraph), name = basename(file.path);
      if (index) root.appendChild(svg("line", { x1: left, x2: left, y1: 0, y2: axisTop, "class": "chapter" }, svg("title", null, name)));
      // Chapter names that would overlap the previous one are left to the line's tooltip.
      if (chapterRow && left >= labelEnd) {
        root.appendChild(svg("text", { x: left + 3, y: 10 }, name));
        labelEnd = left + 3 + 6.5 * name.length + 8;
      }
    });
    axis(root, story, x, axisTop);
    var lastLabel = -Infinity;
    findings.forEach(function (pair) {
      var finding = pair[0], left = x(finding.position);
      var mark = svg("a", {
        href: "#f-" + number + "-" + pair[1], "class": "finding-mark " + finding.severity,
        "data-rule": finding.rule, "data-severity": finding.severity, "data-line": finding.line,
        "aria-label": "line " + finding.line + ": " + finding.message,
      },
        svg("title", null, finding.path + ":" + finding.line + " " + finding.rule + ": " + finding.message),
        svg("line", { x1: left, x2: left, y1: chapterRow, y2: findingsTop, "class": "guide" }),
        svg("path", { d: "M" + (left - 5) + " " + (findingsTop + 2) + " L" + (left + 5) + " " + (findingsTop + 2) + " L" + left + " " + (findingsTop + 12) + " Z" }));
      if (left - lastLabel >= 26) {
        mark.appendChild(svg("text", { x: left, y: findingsTop + 25, "text-anchor": "middle" }, "L" + finding.line));
        lastLabel = left;
      }
      root.appendChild(mark);
    });
    return root;
  }

  function basename(path) { return path.split(/[\\/]/).pop(); }

  // Marks as ticks, or counted into bins when there are too many to draw one by one.
  function laneMarks(marks, paragraphs) {
    if (marks.length <= BINS) {
      return marks.map(function (mark) {
        return { start: mark[0], end: mark[0], opacity: null, line: mark[1], title: "line " + mark[1] + ":" };
      });
    }
    var size = paragraphs / BINS, bins = {};
    marks.forEach(function (mark) {
      var bin = Math.min(Math.floor(mark[0] / size), BINS - 1);
      (bins[bin] = bins[bin] || []).push(mark);
    });
    var most = Math.max.apply(null, Object.keys(bins).map(function (bin) { return bins[bin].length; }));
    return Object.keys(bins).map(function (bin) {
      var inBin = bins[bin];
      return {
        start: bin * size, end: (Number(bin) + 1) * size, opacity: (0.3 + 0.7 * inBin.length / most).toFixed(2),
        line: inBin[0][1], title: inBin.length + " \u00d7 lines " + inBin[0][1] + "\u2013" + inBin[inBin.length - 1][1] + ":",
      };
    });
  }

  // Per paragraph (or bin of paragraphs), the share of each pronoun set, stacked.
  function pronounBand(character, sets, paragraphs, x, top) {
    var cells = Math.min(paragraphs, BINS), size = paragraphs / cells, counts = {};
    character.marks.forEach(function (mark) {
      if (sets.indexOf(mark[2]) < 0) return;
      var cell = Math.min(Math.floor(mark[0] / size), cells - 1);
      counts[cell] = counts[cell] || { line: mark[1] };
      counts[cell][mark[2]] = (counts[cell][mark[2]] || 0) + 1;
    });
    var group = svg("g", { "class": "band" });
    group.appendChild(svg("rect", { x: LEFT, y: top, width: RIGHT - LEFT, height: LANE, "class": "lane-bg" }));
    Object.keys(counts).forEach(function (cell) {
      var total = sets.reduce(function (sum, set) { return sum + (counts[cell][set] || 0); }, 0);
      var y = top, left = x(cell * size), width = Math.max(x((Number(cell) + 1) * size) - left - 1, 1.5);
      var parts = sets.filter(function (set) { return counts[cell][set]; });
      var cellGroup = svg("g", { "data-line": counts[cell].line },
        svg("title", null, "from line " + counts[cell].line + ": " + parts.map(function (set) { return set + " " + counts[cell][set]; }).join(", ")));
      parts.forEach(function (set) {
        var h = LANE * counts[cell][set] / total;
        cellGroup.appendChild(svg("rect", { x: left.toFixed(1), y: y.toFixed(2), width: width.toFixed(1), height: h.toFixed(2), fill: "url(#pattern-" + setClass(set) + ")" }));
        y += h;
      });
      group.appendChild(cellGroup);
    });
    return group;
  }

  // Line numbers of paragraph starts, at most about eight of them.
  function axis(root, story, x, top) {
    root.appendChild(svg("line", { x1: LEFT, x2: RIGHT, y1: top + 1, y2: top + 1, "class": "axis" }));
    var starts = [];
    story.files.forEach(function (file) {
      file.paragraph_lines.forEach(function (line, index) { starts.push([file.first_paragraph + index, line]); });
    });
    var step = Math.max(1, Math.ceil(starts.length / 8));
    root.appendChild(svg("text", { x: LEFT - 8, y: top + 13, "text-anchor": "end" }, "line"));
    starts.forEach(function (start, index) {
      if (index % step) return;
      root.appendChild(svg("text", { x: x(start[0]), y: top + 13, "text-anchor": index ? "middle" : "start" }, String(start[1])));
    });
  }

  // Findings in context, grouped by character or by rule.

  function renderFindings(list, number, story, key) {
    while (list.firstChild) list.removeChild(list.firstChild);
    var groups = [], byName = {};
    story.findings.forEach(function (finding, index) {
      var name = key === "rule" ? finding.rule : finding.character || "No character";
      if (!byName[name]) { byName[name] = []; groups.push(name); }
      byName[name].push([finding, index]);
    });
    if (key === "character") {
      var order = story.characters.map(function (character) { return character.name; });
      groups.sort(function (a, b) { return (order.indexOf(a) + 1 || 1e9) - (order.indexOf(b) + 1 || 1e9); });
    } else {
      groups.sort();
    }
    groups.forEach(function (name) {
      list.appendChild(html("section", { "class": "finding-group" },
        html("h4", null, name, " ", html("span", { "class": "count" }, String(byName[name].length))),
        html("ul", null, byName[name].map(function (pair) { return findingItem(number, story, pair[0], pair[1]); }))));
    });
    applyFilters();
  }

  function findingItem(number, story, finding, index) {
    var where = finding.path + ":" + finding.line + ":" + finding.column;
    return html("li", {
      "class": "finding-item " + finding.severity, id: "f-" + number + "-" + index, tabindex: "-1",
      "data-rule": finding.rule, "data-severity": finding.severity, "data-line": finding.line,
    },
      html("div", { "class": "finding-head" },
        html("span", { "class": "badge " + finding.severity }, finding.severity),
        html("code", { "class": "rule" }, finding.rule), fileLink(story, finding.path, where),
        finding.character ? html("span", { "class": "muted" }, finding.character) : null),
      html("p", { "class": "message" }, finding.message),
      finding.context ? html("blockquote", { "class": "context" },
        finding.context.before, html("mark", null, finding.context.flagged), finding.context.after) : null);
  }

  // Filters: a style sheet hides what is unchecked, in drawn and yet-to-be-drawn stories alike.

  var form = document.getElementById("filters");
  var filterStyle = document.head.appendChild(document.createElement("style"));
  var counts = JSON.parse(document.getElementById("finding-counts").textContent);

  function unchecked(name) {
    return Array.prototype.filter.call(form.querySelectorAll("input[name=" + name + "]"), function (input) { return !input.checked; })
      .map(function (input) { return input.value; });
  }

  function applyFilters() {
    var rules = unchecked("rule"), severities = unchecked("severity"), selectors = [];
    rules.forEach(function (rule) { selectors.push('[data-rule="' + CSS.escape(rule) + '"]'); });
    severities.forEach(function (severity) { selectors.push('[data-severity="' + CSS.escape(severity) + '"]'); });
    filterStyle.textContent = selectors.length ? selectors.map(function (selector) {
      return ".finding-item" + selector + ", .finding-mark" + selector + ", .finding-link" + selector;
    }).join(",\n") + " { display: none; }" : "";
    var shown = counts.reduce(function (sum, entry) {
      return sum + (rules.indexOf(entry[0]) < 0 && severities.indexOf(entry[1]) < 0 ? entry[2] : 0);
    }, 0);
    document.getElementById("shown").textContent = String(shown);
    document.querySelectorAll(".finding-group").forEach(function (group) {
      var visible = Array.prototype.some.call(group.querySelectorAll(".finding-item"), function (item) {
        return rules.indexOf(item.getAttribute("data-rule")) < 0 && severities.indexOf(item.getAttribute("data-severity")) < 0;
      });
      group.hidden = !visible;
    });
  }

  form.addEventListener("change", applyFilters);
  form.addEventListener("submit", function (event) { event.preventDefault(); });

  // The story table: search and "only with findings".

  var search = document.getElementById("story-search"), onlyFindings = document.getElementById("only-findings");
  function filterTable() {
    var needle = search.value.trim().toLowerCase();
    document.querySelectorAll("#story-table tbody tr").forEach(function (row) {
      row.hidden = (needle && row.textContent.toLowerCase().indexOf(needle) < 0) ||
        (onlyFindings.checked && row.getAttribute("data-findings") === "0");
    });
  }
  if (search) {
    search.addEventListener("input", filterTable);
    onlyFindings.addEventListener("change", filterTable);
  }

  // Column headers sort the table; a second press reverses the order.
  document.querySelectorAll("#story-table th button").forEach(function (button) {
    button.addEventListener("click", function () {
      var header = button.parentNode, column = Array.prototype.indexOf.call(header.parentNode.children, header);
      var descending = header.getAttribute("aria-sort") !== "descending";
      var numeric = button.getAttribute("data-sort") === "number";
      var body = document.querySelector("#story-table tbody");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var left = a.cells[column].textContent, right = b.cells[column].textContent;
        var order = numeric ? (Number(left) || 0) - (Number(right) || 0) : left.localeCompare(right);
        return descending ? -order : order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
      header.parentNode.querySelectorAll("th").forEach(function (th) { th.removeAttribute("aria-sort"); });
      header.setAttribute("aria-sort", descending ? "descending" : "ascending");
    });
  });

  // Opening stories: on toggle, from the links of the summary, and from the address.

  function openStory(number) {
    var details = document.querySelector('details[data-story="' + number + '"]');
    if (details && !details.open) details.open = true;
    if (details) draw(details);
  }

  function followHash() {
    var match = /^#(?:story-|f-)(\d+)/.exec(location.hash);
    if (!match) return;
    openStory(match[1]);
    var target = document.getElementById(location.hash.slice(1));
    if (target) {
      document.querySelectorAll(".finding-item.target").forEach(function (item) { item.classList.remove("target"); });
      if (target.classList.contains("finding-item")) { target.classList.add("target"); target.focus(); }
      target.scrollIntoView({ block: "center" });
    }
  }

  document.querySelectorAll("details[data-story]").forEach(function (details) {
    if (details.open) draw(details);
    details.addEventListener("toggle", function () { if (details.open) draw(details); });
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-open]");
    if (link) openStory(link.getAttribute("data-open"));
    // A link to where the address already points changes nothing: go there anyway.
    var anchor = event.target.closest && event.target.closest("a[href^='#']");
    if (anchor && anchor.getAttribute("href") === location.hash) followHash();
  });
  window.addEventListener("hashchange", followHash);
  followHash();

  // j and k move to the next and previous visible finding.
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName)) return;
    if (event.key !== "j" && event.key !== "k") return;
    var items = Array.prototype.filter.call(document.querySelectorAll(".finding-item"), function (item) {
      return item.offsetParent !== null;
    });
    if (!items.length) return;
    var current = items.indexOf(document.activeElement);
    var next = event.key === "j" ? Math.min(current + 1, items.length - 1) : Math.max(current - 1, 0);
    if (current < 0) next = event.key === "j" ? 0 : items.length - 1;
    items[next].focus();
    items[next].scrollIntoView({ block: "center" });
    event.preventDefault();
  });
})();
