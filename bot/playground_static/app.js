// The Skolebot playground: a phone and a Teams-like chat over the playground's JSON API.
// Plain JavaScript, no build step. Every text from the server goes in as a text node, never as HTML.
"use strict";

(() => {
  const POLL_MS = 800;
  const ROLES = {
    parent: "forelder", guardian: "foresatt", relative: "slektning, uten foreldreansvar",
    administrator: "ledelse", teacher: "lærer", aide: "kontoret",
  };
  const state = {
    people: { phones: [], teams: [] },
    events: [],
    next: 0,
    phone: null,
    teams: null,
    busy: 0,
  };
  const $ = (id) => document.getElementById(id);

  // ---------------------------------------------------------------- small DOM helpers

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "className") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key === "dataset") Object.assign(node.dataset, value);
      else if (key === "onclick") node.addEventListener("click", value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function safeHref(href) {
    if (typeof href !== "string") return null;
    if (href.startsWith("/") && !href.startsWith("//")) return href;
    try {
      const url = new URL(href, window.location.href);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (_) {
      return null;
    }
  }

  function link(href, text) {
    const safe = safeHref(href);
    if (!safe) return document.createTextNode(text);
    return el("a", { href: safe, target: "_blank", rel: "noopener noreferrer", text });
  }

  // Bot text: line breaks kept by CSS; **bold**, [text](url) and bare links become nodes.
  const INLINE = /\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)|(https?:\/\/[^\s<>()]+[^\s<>().,;:!?»"'])/g;

  function richText(text) {
    const out = document.createDocumentFragment();
    let last = 0;
    for (const match of String(text || "").matchAll(INLINE)) {
      out.append(document.createTextNode(text.slice(last, match.index)));
      if (match[1] !== undefined) out.append(el("strong", { text: match[1] }));
      else if (match[2] !== undefined) out.append(link(match[3], match[2]));
      else out.append(link(match[4], match[4]));
      last = match.index + match[0].length;
    }
    out.append(document.createTextNode(String(text || "").slice(last)));
    return out;
  }

  function setStatus(text, isError) {
    const status = $("status");
    status.textContent = text || "";
    status.classList.toggle("error", Boolean(isError));
  }

  function prettyNumber(number) {
    const m = /^\+47(\d{3})(\d{2})(\d{3})$/.exec(number || "");
    return m ? `+47 ${m[1]} ${m[2]} ${m[3]}` : number || "";
  }

  // ---------------------------------------------------------------- the server

  async function api(path, body) {
    const options = body === undefined ? {} : {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    };
    const response = await fetch(path, options);
    if (!response.ok) {
      const detail = (await response.text()).slice(0, 200);
      throw new Error(`${response.status} ${detail}`);
    }
    return response.json();
  }

  async function withBusy(what, action) {
    state.busy += 1;
    setStatus(what);
    try {
      await action();
      setStatus("");
    } catch (error) {
      setStatus(`Det gikk ikke: ${error.message}`, true);
    } finally {
      state.busy -= 1;
      await poll();
    }
  }

  // ---------------------------------------------------------------- people

  function phoneLabel(p) {
    const about = p.children.length ? `${ROLES[p.role] || p.role} til ${p.children.join(", ")}`
      : p.classes.length ? `${ROLES[p.role] || p.role}, ${p.classes.join(", ")}` : ROLES[p.role] || p.role;
    return `${p.name} – ${about}`;
  }

  function teamsLabel(p) {
    const about = p.classes.length ? `${ROLES[p.role] || p.role}, kontaktlærer ${p.classes.join(", ")}`
      : ROLES[p.role] || p.role;
    return `${p.name} – ${about}`;
  }

  function fillSelect(select, people, groups, label) {
    select.replaceChildren();
    for (const [title, test] of groups) {
      const members = people.filter(test);
      if (!members.length) continue;
      const group = el("optgroup", { label: title });
      for (const p of members) group.append(el("option", { value: p.id, text: label(p) }));
      select.append(group);
    }
  }

  function remembered(key, people) {
    const id = window.localStorage.getItem(key);
    return people.find((p) => p.id === id) || people.find((p) => p.featured) || people[0] || null;
  }

  async function loadPeople() {
    const data = await api("/playground/api/people");
    state.people = data;
    $("school-name").textContent = data.school ? `Skolen: ${data.school}.` : "";
    const guardian = (p) => !p.featured && ["parent", "guardian"].includes(p.role);
    fillSelect($("phone-person"), data.phones, [
      ["Forslag", (p) => p.featured],
      ["Foresatte", guardian],
      ["Slektninger (kan ikke melde fravær)", (p) => !p.featured && p.role === "relative"],
      ["Ansatte", (p) => !p.featured && ["administrator", "teacher", "aide"].includes(p.role)],
    ], phoneLabel);
    fillSelect($("teams-person"), data.teams, [
      ["Forslag", (p) => p.featured],
      ["Ledelse", (p) => !p.featured && p.role === "administrator"],
      ["Kontoret", (p) => !p.featured && p.role === "aide"],
      ["Lærere", (p) => !p.featured && p.role === "teacher"],
    ], teamsLabel);
    const phone = remembered("skolebot.playground.phone", data.phones);
    const teams = remembered("skolebot.playground.teams", data.teams);
    if (phone) $("phone-person").value = phone.id;
    if (teams) $("teams-person").value = teams.id;
    choosePhone(phone);
    await chooseTeams(teams);
  }

  function choosePhone(person) {
    state.phone = person;
    if (person) window.localStorage.setItem("skolebot.playground.phone", person.id);
    $("phone-who").textContent = person ? person.name : "";
    $("phone-number").textContent = person ? prettyNumber(person.number) : "";
    renderPhone();
  }

  async function chooseTeams(person) {
    state.teams = person;
    $("teams-who").textContent = person ? ` · chat med ${person.name}` : "";
    renderTeams();
    if (!person) return;
    window.localStorage.setItem("skolebot.playground.teams", person.id);
    await withBusy(`Logger inn ${person.name} i Teams …`, () => api("/playground/api/teams/select", { person: person.id }));
    await loadLinks().catch((error) => setStatus(`Kunne ikke hente lenkene: ${error.message}`, true));
  }

  // ---------------------------------------------------------------- the phone

  function smsBubble(event) {
    const mine = event.dir === "in";
    return el("li", { className: `bubble ${mine ? "mine" : "theirs"}`, dataset: { seq: event.seq } },
      el("span", { className: "body" }, richText(event.text)),
      el("span", { className: "meta", text: `${mine ? "Sendt" : "Fra skolen"} ${event.at}` }));
  }

  function renderPhone() {
    const thread = $("phone-thread");
    thread.replaceChildren();
    if (!state.phone) return;
    for (const event of state.events) if (isPhoneEvent(event)) thread.append(smsBubble(event));
    thread.scrollTop = thread.scrollHeight;
  }

  function isPhoneEvent(event) {
    return event.kind === "sms" && state.phone && event.number === state.phone.number;
  }

  // ---------------------------------------------------------------- Teams

  function sayInTeams(text, value, label) {
    const person = state.teams;
    if (!person) return;
    const body = value === undefined ? { person: person.id, text } : { person: person.id, value, label };
    withBusy("Skolebot skriver …", () => api("/playground/api/teams/say", body))
      .then(() => loadLinks()).catch(() => {});  // a published week plan or a booking may add a link
  }

  function button(title, onclick, kind) {
    return el("button", { type: "button", className: `card-button ${kind || ""}`, text: title || "…", onclick });
  }

  function renderAction(action) {
    if (!action || typeof action !== "object") return null;
    const title = action.title || "";
    if (action.type === "Action.Submit" || action.type === "Action.Execute") {
      const data = action.data && typeof action.data === "object" ? action.data : {};
      return button(title, () => sayInTeams(undefined, data, title), action.style === "positive" ? "positive" : "");
    }
    if (action.type === "Action.OpenUrl" || action.type === "openUrl") {
      const href = safeHref(action.url || action.value);
      return href ? el("a", { className: "card-button link", href, target: "_blank", rel: "noopener noreferrer", text: title })
        : null;
    }
    if (["imBack", "messageBack", "postBack"].includes(action.type)) {
      const said = typeof action.value === "string" ? action.value : action.text || action.displayText || title;
      return button(title, () => sayInTeams(said));
    }
    return null;
  }

  function renderElement(item) {
    if (!item || typeof item !== "object" || item.isVisible === false) return null;
    switch (item.type) {
      case "TextBlock": {
        const classes = ["tb"];
        if (item.weight === "Bolder" || item.weight === "bolder") classes.push("bold");
        if (item.size) classes.push(`size-${String(item.size).toLowerCase()}`);
        if (item.isSubtle) classes.push("subtle");
        if (item.color) classes.push(`color-${String(item.color).toLowerCase()}`);
        return el("p", { className: classes.join(" ") }, richText(item.text));
      }
      case "RichTextBlock":
        return el("p", { className: "tb" }, ...(item.inlines || []).map((i) => (typeof i === "string" ? i : i.text || "")));
      case "FactSet":
        return el("dl", { className: "facts" }, ...(item.facts || []).flatMap((f) => [
          el("dt", { text: f.title || "" }), el("dd", {}, richText(f.value || "")),
        ]));
      case "Container":
        return el("div", { className: `container ${item.style ? `style-${item.style}` : ""}` },
          ...(item.items || []).map(renderElement));
      case "ColumnSet":
        return el("div", { className: "columns" },
          ...(item.columns || []).map((c) => el("div", { className: "column" }, ...(c.items || []).map(renderElement))));
      case "ActionSet":
        return el("div", { className: "actions" }, ...(item.actions || []).map(renderAction));
      case "Image":
        return item.altText ? el("p", { className: "tb subtle", text: item.altText }) : null;
      default:
        return null;
    }
  }

  function renderAttachment(attachment) {
    const content = attachment && attachment.content;
    if (!content || typeof content !== "object") return null;
    if (attachment.contentType === "application/vnd.microsoft.card.adaptive") {
      return el("div", { className: "card adaptive" },
        ...(content.body || []).map(renderElement),
        (content.actions || []).length ? el("div", { className: "actions" }, ...content.actions.map(renderAction)) : null);
    }
    if (attachment.contentType === "application/vnd.microsoft.card.hero"
        || attachment.contentType === "application/vnd.microsoft.card.thumbnail") {
      return el("div", { className: "card hero" },
        content.title ? el("p", { className: "tb bold", text: content.title }) : null,
        content.subtitle ? el("p", { className: "tb subtle", text: content.subtitle }) : null,
        content.text ? el("p", { className: "tb" }, richText(content.text)) : null,
        (content.buttons || []).length ? el("div", { className: "actions" }, ...content.buttons.map(renderAction)) : null);
    }
    return el("p", { className: "tb subtle", text: `[${attachment.contentType || "vedlegg"}]` });
  }

  function activityBody(activity) {
    const parts = [];
    if (activity.text) parts.push(el("div", { className: "body" }, richText(activity.text)));
    for (const attachment of activity.attachments || []) parts.push(renderAttachment(attachment));
    const suggested = (activity.suggestedActions && activity.suggestedActions.actions) || [];
    if (suggested.length) parts.push(el("div", { className: "actions suggested" }, ...suggested.map(renderAction)));
    return parts;
  }

  function teamsMessage(event) {
    if (event.dir === "in") {
      return el("li", { className: "msg mine", dataset: { seq: event.seq } },
        el("div", { className: "who", text: `Du ${event.at}` }),
        el("div", { className: `body ${event.submit ? "submit" : ""}` }, event.submit ? `➜ ${event.text}` : event.text));
    }
    return el("li", { className: "msg theirs", dataset: { seq: event.seq, activityId: event.activity.id || "" } },
      el("div", { className: "who", text: `Skolebot ${event.at}` }),
      el("div", { className: "content" }, ...activityBody(event.activity)));
  }

  function applyTeamsEvent(thread, event) {
    if (event.dir === "update") {
      const id = event.activity.id;
      const target = [...thread.querySelectorAll("li.msg.theirs")].find((li) => li.dataset.activityId === id);
      if (target) target.querySelector(".content").replaceChildren(...activityBody(event.activity));
      return;
    }
    thread.append(teamsMessage(event));
  }

  function isTeamsEvent(event) {
    return event.kind === "teams" && state.teams && event.person === state.teams.id;
  }

  function renderTeams() {
    const thread = $("teams-thread");
    thread.replaceChildren();
    for (const event of state.events) if (isTeamsEvent(event)) applyTeamsEvent(thread, event);
    thread.scrollTop = thread.scrollHeight;
  }

  // ---------------------------------------------------------------- SMS log and links

  function logEntry(event) {
    const to = event.name ? `${event.name} (${prettyNumber(event.number)})` : prettyNumber(event.number);
    return el("li", { className: "log-entry", dataset: { seq: event.seq } },
      el("div", { className: "log-head" }, el("span", { className: "time", text: event.at }), el("span", { className: "to", text: `til ${to}` })),
      el("div", { className: "log-body", text: event.text }));
  }

  const LINK_GROUPS = [
    ["person_calendar", "Mine bookinger", (l) => `${l.name} (iCal)`],
    ["weekplan", "Ukeplaner", (l) => (l.grade_plan ? `${l.name} trinn` : l.name) + `, uke ${l.week} ${l.year}`],
    ["resource_calendar", "Rom og utstyr (bookinger, iCal)", (l) => l.name],
    ["health", "Drift", () => "helse (/healthz)"],
    ["ready", "Drift", () => "klar (/readyz)"],
    ["metrics", "Drift", () => "målinger (/metrics)"],
  ];

  async function loadLinks() {
    const person = state.teams ? `?person=${encodeURIComponent(state.teams.id)}` : "";
    const data = await api(`/playground/api/links${person}`);
    const holder = $("links");
    holder.replaceChildren();
    const groups = new Map();
    for (const [kind, title, label] of LINK_GROUPS) {
      for (const item of data.links.filter((l) => l.kind === kind)) {
        if (!groups.has(title)) groups.set(title, el("ul", { className: "link-list" }));
        groups.get(title).classList.toggle("long", groups.get(title).children.length >= 5);
        groups.get(title).append(el("li", {}, link(item.href, label(item))));
      }
    }
    for (const [title, list] of groups) holder.append(el("div", { className: "link-group" }, el("h3", { text: title }), list));
    if (!data.links.some((l) => l.kind === "weekplan")) {
      holder.append(el("p", { className: "hint", text: "Ingen ukeplaner publisert ennå. Som lærer i Teams: skriv «ukeplan 5B uke 50» og planen på linjene under (Shift+Enter gir ny linje)." }));
    }
  }

  // ---------------------------------------------------------------- polling

  let polling = null;

  async function poll() {
    if (polling) return polling;
    polling = (async () => {
      try {
        const data = await api(`/playground/api/events?since=${state.next}`);
        state.next = data.next;
        const phone = $("phone-thread");
        const teams = $("teams-thread");
        const log = $("sms-log");
        for (const event of data.events) {
          state.events.push(event);
          if (isPhoneEvent(event)) phone.append(smsBubble(event));
          if (isTeamsEvent(event)) applyTeamsEvent(teams, event);
          if (event.kind === "sms" && event.dir === "out") log.prepend(logEntry(event));
        }
        if (data.events.length) {
          phone.scrollTop = phone.scrollHeight;
          teams.scrollTop = teams.scrollHeight;
        }
      } catch (error) {
        if (!state.busy) setStatus(`Mistet kontakt med Skolebot: ${error.message}`, true);
      } finally {
        polling = null;
      }
    })();
    return polling;
  }

  async function pollForever() {
    await poll();
    window.setTimeout(pollForever, document.hidden ? POLL_MS * 4 : POLL_MS);
  }

  // ---------------------------------------------------------------- wiring

  function wire() {
    $("phone-person").addEventListener("change", (e) => {
      choosePhone(state.people.phones.find((p) => p.id === e.target.value) || null);
    });
    $("teams-person").addEventListener("change", (e) => {
      chooseTeams(state.people.teams.find((p) => p.id === e.target.value) || null);
    });
    $("phone-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const input = $("phone-input");
      const text = input.value.trim();
      if (!text || !state.phone) return;
      input.value = "";
      const number = state.phone.number;
      withBusy("Sender SMS …", () => api("/playground/api/sms", { number, text }));
    });
    $("teams-input").addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        $("teams-form").requestSubmit();
      }
    });
    $("teams-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const input = $("teams-input");
      const text = input.value.trim();
      if (!text) return;
      input.value = "";
      sayInTeams(text);
    });
  }

  async function start() {
    wire();
    try {
      await loadPeople();
    } catch (error) {
      setStatus(`Kunne ikke hente folkene på skolen: ${error.message}. Er databasen klar (skolebot db upgrade, skolebot demo)?`, true);
    }
    pollForever();
    window.setInterval(() => { loadLinks().catch(() => {}); }, 15000);
  }

  start();
})();
