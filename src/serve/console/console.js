// The exercise console. The projector polls participant material only; the facilitator
// view sends its token (from the URL fragment, never sent to the server by the browser
// as part of the page request) in a header with every call.
"use strict";
(function () {
  const view = document.body.dataset.view;
  const token = location.hash.slice(1);
  const $ = (id) => document.getElementById(id);
  const el = (tag, text, cls) => { const e = document.createElement(tag); if (text != null) e.textContent = text; if (cls) e.className = cls; return e; };
  const clock = (s) => { const h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, x = s % 60; return (h ? h + "h " + String(m).padStart(2, "0") + "m " : m + "m ") + String(x).padStart(2, "0") + "s"; };
  let base = { elapsed: 0, at: Date.now(), running: false };
  function tick() { const s = base.elapsed + (base.running ? Math.floor((Date.now() - base.at) / 1000) : 0); $("clock").textContent = clock(s); }
  setInterval(tick, 500);
  function setClock(d) { base = { elapsed: d.elapsed, at: Date.now(), running: d.state === "running" }; $("state").textContent = d.state === "running" ? "" : "(" + d.state + ")"; tick(); }
  function card(c, into) {
    into.append(el("p", "Inject " + c.number + " · at " + c.at + (c.scenario_time ? " · story time " + c.scenario_time : ""), "small"));
    into.append(el("h2", c.title));
    const brief = el("div"); brief.innerHTML = c.brief_html; into.append(brief);
    for (const d of c.documents) {
      const f = el("figure", null, "prop"); const cap = el("figcaption");
      cap.append(el("span", d.kind, "prop-kind"), " ", el("strong", d.title), d.from ? " · from " + d.from : "");
      const b = el("div"); b.innerHTML = d.body_html; f.append(cap, b); into.append(f);
    }
  }
  if (view === "projector") {
    let last = "";
    async function poll() {
      try {
        const d = await (await fetch("/api/projector", { cache: "no-store" })).json();
        $("title").textContent = d.title; document.title = d.title + ": projector"; setClock(d);
        const key = JSON.stringify([d.state, d.inject && d.inject.id]);
        if (key !== last) {
          last = key; const box = $("inject"); box.replaceChildren();
          if (d.inject) card(d.inject, box); else box.append(el("p", d.state === "ended" ? "The exercise has ended. Thank you." : "Waiting for the facilitator to start.", "waiting"));
        }
      } catch (e) { /* the console may be restarting; try again */ }
      setTimeout(poll, 1000);
    }
    poll();
    return;
  }
  let data = null;
  async function call(path, body) {
    const r = await fetch("/api/" + path, { method: body === undefined ? "GET" : "POST", headers: { "X-Irbook-Token": token, "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body), cache: "no-store" });
    const d = await r.json();
    if (!r.ok) { $("error").hidden = false; $("error").textContent = d.error || "The console refused that."; return null; }
    $("error").hidden = true; render(d); return d;
  }
  function mark(a, outcome) {
    let note = "";
    if (outcome === "not-met") { note = prompt("Not met: what was seen or said? (kept as evidence)") || ""; }
    return call("mark", { action: a.id, outcome: outcome, note: note });
  }
  function render(d) {
    data = d; $("title").textContent = d.title; setClock(d); $("record").textContent = d.record;
    $("start").hidden = d.state !== "waiting"; $("next").hidden = d.state === "waiting" || d.state === "ended";
    $("pause").hidden = d.state !== "running" && d.state !== "paused"; $("pause").textContent = d.state === "paused" ? "Resume" : "Pause";
    $("end").hidden = d.state === "waiting" || d.state === "ended";
    const n = d.current == null ? 0 : d.current + 1;
    $("next-up").textContent = d.state === "ended" ? "" : n < d.injects.length
      ? "Next: inject " + (n + 1) + " at " + d.injects[n].card.at + ", " + d.injects[n].card.title
      : "This is the last inject.";
    const list = $("injects"); list.replaceChildren();
    d.injects.forEach((inj, i) => { const li = el("li", inj.card.at + ": " + inj.card.title); if (d.given.includes(i)) li.classList.add("given"); if (d.current === i) li.classList.add("current"); list.append(li); });
    const notes = $("notes"); notes.replaceChildren();
    for (const [t, n] of d.notes) notes.append(el("li", clock(t) + " " + n));
    const box = $("current"); box.replaceChildren();
    if (d.current == null) { box.append(el("p", d.state === "ended" ? "The run has ended. Score it with irbook exercise score." : "Press Start to begin: inject 1 goes to the projector.")); return; }
    const inj = d.injects[d.current];
    card(inj.card, box);
    if (inj.notes_html) { box.append(el("h3", "Facilitator notes")); const n = el("div", null, "notes"); n.innerHTML = inj.notes_html; box.append(n); }
    if (inj.expected.length) {
      box.append(el("h3", "Expected actions"));
      const t = el("table"); const head = el("tr"); for (const h of ["#", "Action", "Role", "Target", "Mark"]) { const th = el("th", h); th.scope = "col"; head.append(th); } t.append(head);
      inj.expected.forEach((a, k) => {
        const tr = el("tr"); const m = d.marks[a.id];
        tr.append(el("td", String(k + 1)), el("td", a.what + (m && m.note ? " — " + m.note : "")), el("td", a.role.name || "restricted"), el("td", [a.within ? "within " + a.within : "", a.deadline || ""].filter(Boolean).join("; ")));
        const td = el("td");
        for (const [o, label] of [["met", "Met"], ["not-met", "Not met"], ["not-observed", "Not observed"]]) {
          const b = el("button", label); b.type = "button"; b.setAttribute("aria-pressed", String(!!m && m.outcome === o)); b.setAttribute("aria-label", label + ": " + a.what);
          b.addEventListener("click", () => mark(a, o)); td.append(b, " ");
        }
        tr.append(td); t.append(tr);
      });
      box.append(t);
    }
    if (inj.questions.length) { box.append(el("h3", "Questions to ask")); const ul = el("ul"); for (const q of inj.questions) ul.append(el("li", q)); box.append(ul); }
    if (inj.branches.length) {
      box.append(el("h3", "Branches")); const ul = el("ul");
      for (const b of inj.branches) { const li = el("li", "If " + b.when + ": "); const btn = el("button", "Go to " + b.goto); btn.type = "button"; btn.addEventListener("click", () => call("advance", { inject: b.anchor.replace(/^inject-/, "") })); li.append(btn); ul.append(li); }
      box.append(ul);
    }
  }
  $("start").addEventListener("click", () => call("start", {}));
  $("next").addEventListener("click", () => call("advance", {}));
  $("pause").addEventListener("click", () => call(data && data.state === "paused" ? "resume" : "pause", {}));
  $("end").addEventListener("click", () => { if (confirm("End the run? The record is then closed.")) call("end", {}); });
  $("note-form").addEventListener("submit", (e) => { e.preventDefault(); const t = $("note-text").value; if (t.trim()) call("note", { note: t }).then((d) => { if (d) $("note-text").value = ""; }); });
  document.addEventListener("keydown", (e) => {
    if (e.target.closest("textarea, input") || e.ctrlKey || e.metaKey || e.altKey || !data) return;
    if (e.key === "n" || e.key === "N") { call("advance", {}); }
    else if (e.key === "p" || e.key === "P") { call(data.state === "paused" ? "resume" : "pause", {}); }
    else if (/^[1-9]$/.test(e.key) && data.current != null) { const a = data.injects[data.current].expected[Number(e.key) - 1]; if (a) call("mark", { action: a.id, outcome: "met" }); }
  });
  if (!token) { $("error").hidden = false; $("error").textContent = "Open the facilitator address printed in the terminal: it carries the token after #."; }
  else { call("facilitator"); setInterval(() => call("facilitator"), 5000); }
})();
