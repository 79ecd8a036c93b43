// Coach's Mini App: today's session on the gym floor, plus programme, progress and history.
// Plain modules, no build step. Every visible string comes from the `texts` of GET api/today,
// in the person's language; only the screens shown before that answer have English words.

const tg = window.Telegram?.WebApp ?? null;
// Outside Telegram the platform is "unknown" and the native buttons draw nothing.
const inTelegram = !!tg && tg.platform !== "unknown";
const can = (version) => !!tg?.isVersionAtLeast?.(version);

const LONG_DAY = { weekday: "long", day: "numeric", month: "long" };
const TEXTS_CACHE = "coach.texts";
const WARMUPS = "coach.warmups";
const REST = "coach.rest";
const OUTBOX = "coach.outbox";
const RETRIES = 3; // tries before the set shows it is stuck; it is still sent after
const MAX_WAIT = 30000;

const S = {
  initData: "",
  texts: {},
  today: null,
  tab: "today",
  edits: new Map(), // `${exercise_id}#${set position}` → {load, reps, rpe} typed by the person
  active: new Map(), // exercise_id → position of the set whose steppers are open
  pending: new Map(), // set key → {client_id, body, failed}: kept until the server answers
  sending: new Map(), // exercise_id → the answer to its last set sent, which the next awaits
  warmups: new Set(readJson(WARMUPS, [])),
  summary: null,
  programme: null,
  progress: null,
  chosen: null, // progress: exercise_id shown
  point: null, // progress: index of the point tapped
  history: null, // {entries, more}: the pages seen so far
  historyBusy: false,
  sheetOpen: false,
  finishing: false,
};

// --- Small helpers -----------------------------------------------------------------------

function readJson(key, fallback) {
  try {
    return JSON.parse(localStorage.getItem(key)) ?? fallback;
  } catch {
    return fallback;
  }
}

function writeJson(key, value) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    /* private mode: nothing is kept, nothing breaks */
  }
}

const byId = (id) => document.getElementById(id);
const present = (children) => children.flat().filter((c) => c != null && c !== false);

function fill(el, ...children) {
  el.replaceChildren(...present(children));
  return el;
}

function h(tag, props, ...children) {
  const el = document.createElement(tag);
  el.append(...present(children));
  setProps(el, props);
  return el;
}

const btn = (props, ...children) => h("button", { type: "button", ...props }, ...children);

function s(tag, props, ...children) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  el.append(...present(children));
  setProps(el, props);
  return el;
}

function setProps(el, props) {
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value == null || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "text") el.textContent = value;
    else el.setAttribute(key, value === true ? "" : value);
  }
}

const ICONS = {
  today: "M6.5 6.5v11M17.5 6.5v11M3 9.5v5M21 9.5v5M6.5 12h11",
  programme: "M4 6.5h16v13H4zM4 10.5h16M8.5 3.5v4M15.5 3.5v4",
  progress: "M4 4v16h16M8 15l3.5-4 3 2.5L20 7",
  history: "M12 21a9 9 0 1 0-9-9M3 12l-1.5-1.5M3 12l1.5-1.5M12 7.5V12l3 2",
  check: "M5 12.5l4.5 4.5L19 7.5",
  swap: "M4 8h14l-3.5-3.5M20 16H6l3.5 3.5",
  chevron: "M9.5 6l6 6-6 6",
  leaf: "M5 19C5 11 10 5 19 5c0 9-6 14-14 14zM5 19l7-7",
  moon: "M20 14.5A8 8 0 1 1 9.5 4a6.5 6.5 0 0 0 10.5 10.5z",
  trophy: "M8 4h8v5a4 4 0 0 1-8 0zM8 6H4.5a3.5 3.5 0 0 0 3.5 4M16 6h3.5A3.5 3.5 0 0 1 16 10M12 13v4M8 20h8M9.5 17h5",
  plane: "M21.5 3.5L2.5 11l6.5 2.5m12.5-10l-4 16.5-8.5-6.5m12.5-10L9 13.5v5.5l3-3.5",
  warn: "M12 4l9 16H3zM12 10v4M12 17v.5",
  minus: "M6 12h12",
  plus: "M6 12h12M12 6v12",
};

function icon(name, cls = "icon") {
  return s("svg", { class: cls, viewBox: "0 0 24 24", "aria-hidden": "true" }, s("path", { d: ICONS[name] }));
}

const T = (key) => S.texts[key] ?? "";

function locale() {
  return (S.today?.locale || navigator.language || "en").replace("_", "-");
}

function numberFormat() {
  try {
    return new Intl.NumberFormat(locale(), { maximumFractionDigits: 2 });
  } catch {
    return new Intl.NumberFormat("en", { maximumFractionDigits: 2 });
  }
}

function parseDay(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(y, m - 1, d);
}

function formatDay(iso, options) {
  try {
    return new Intl.DateTimeFormat(locale(), options).format(parseDay(iso));
  } catch {
    return iso;
  }
}

const num = (n) => numberFormat().format(n);
// No load is one of three things: bodyweight work, a weight still to choose for a set to do
// (a first session), or a set done without a weight written down.
function formatLoad(load, { bodyweight = false, open = false } = {}) {
  if (load != null) return `${num(load)} ${S.today?.units ?? ""}`.trim();
  if (bodyweight) return T("bodyweight");
  return open ? T("choose_load") : "–";
}

function formatSet(load, reps, rpe, how = {}) {
  const main = `${formatLoad(load, how)} × ${num(reps)}`;
  return rpe == null ? main : `${main} · ${T("rpe")} ${num(rpe)}`;
}

const clock = (seconds) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;

const tidy = (value) => Math.round(value * 1000) / 1000;


const haptic = {
  tap: () => can("6.1") && tg.HapticFeedback.impactOccurred("light"),
  select: () => can("6.1") && tg.HapticFeedback.selectionChanged(),
  success: () => can("6.1") && tg.HapticFeedback.notificationOccurred("success"),
  error: () => can("6.1") && tg.HapticFeedback.notificationOccurred("error"),
};

let toastTimer = 0;
function toast(message, kind = "") {
  const el = byId("toast");
  el.className = `toast show ${kind}`;
  fill(el, kind === "record" ? icon("trophy") : null, h("span", { text: message }));
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (el.className = "toast"), 4000);
}

function announce(message) {
  byId("announce").textContent = message;
}

// --- API ---------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, code, retryAfter) {
    super(code);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
  get retryable() {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

async function api(method, path, body) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        Authorization: `tma ${S.initData}`,
        ...(body ? { "Content-Type": "application/json" } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch {
    throw new ApiError(0, "network");
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new ApiError(response.status, data?.error ?? "http", Number(response.headers.get("Retry-After")) || 0);
    // Telegram's signature expired or was refused, or the person has not set Coach up yet:
    // nothing here can mend that, the bot's button can.
    if (gated(error)) showGate();
    throw error;
  }
  return data;
}

const gated = (error) => error.status === 401 || error.code === "not_onboarded";

function failed(error) {
  if (gated(error)) return;
  haptic.error();
  if (error.status === 404 || error.code === "out_of_order") {
    // Changed elsewhere meanwhile (an /undo in the chat, a set typed there): show what there
    // is now.
    toast(T("error_retry"), "error");
    refreshToday();
    S.history = null;
    if (S.tab === "history") render();
    return;
  }
  toast(T(error.status === 0 ? "offline" : "error_retry"), "error");
}

// --- Boot, gate and errors ----------------------------------------------------------------

function initDataFromHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  return params.get("tgWebAppData") ?? "";
}

function applyScheme() {
  // Telegram's colorScheme is "light" whenever it has no theme (a plain browser), so it only
  // counts with a theme; otherwise the CSS follows prefers-color-scheme.
  const root = document.documentElement;
  if (tg?.themeParams?.bg_color) root.dataset.scheme = tg.colorScheme;
  else delete root.dataset.scheme;
}

function screen(...children) {
  const app = byId("app");
  app.removeAttribute("aria-busy");
  return fill(app, ...children);
}

function showGate() {
  byId("tabs").hidden = true;
  stopRest();
  syncChrome(true);
  screen(
    h(
      "div",
      { class: "gate", id: "gate" },
      h("div", { class: "gate-badge" }, icon("plane", "icon big")),
      h("h1", { text: "Open this from the Coach bot in Telegram" }),
      h("p", {
        text: "This page is Coach's workout screen. In Telegram, open your chat with Coach and tap “Start workout”.",
      }),
    ),
  );
}

function showLoadError() {
  // The page has no texts of its own yet: those of the last visit, or English.
  const texts = readJson(TEXTS_CACHE, {});
  screen(
    h(
      "div",
      { class: "gate", role: "alert" },
      h("div", { class: "gate-badge warn" }, icon("warn", "icon big")),
      h("h1", { text: texts.offline || "Can’t reach Coach right now." }),
      btn({ class: "primary wide", onclick: () => boot(), text: texts.retry || "Retry" }),
    ),
  );
}

async function boot() {
  screen(loading("boot"));
  let today;
  try {
    today = await api("GET", "api/today");
  } catch (error) {
    if (!gated(error)) showLoadError();
    return;
  }
  setToday(today);
  writeJson(TEXTS_CACHE, S.texts);
  buildTabs();
  render();
  resendOutbox();
  const resting = readJson(REST, null);
  if (resting?.end > Date.now()) startRest(resting.seconds, resting.end);
}

function setToday(today) {
  if (today.texts) S.texts = today.texts;
  S.today = today;
  document.documentElement.lang = locale();
}

// --- Chrome: tabs, Telegram's buttons ---------------------------------------------------------

const TABS = ["today", "programme", "progress", "history"];

function buildTabs() {
  const nav = byId("tabs");
  nav.replaceChildren(
    ...TABS.map((tab) =>
      btn(
        { role: "tab", id: `tab-${tab}`, "aria-controls": "app", onclick: () => selectTab(tab) },
        icon(tab),
        h("span", { text: T(`tab_${tab}`) }),
      ),
    ),
  );
  nav.hidden = false;
  byId("timer-skip").textContent = T("skip_rest");
}

function selectTab(tab) {
  if (S.tab === tab) return;
  haptic.select();
  S.tab = tab;
  render();
  window.scrollTo(0, 0);
}

function syncChrome(gate = false) {
  const today = S.today;
  const finishable = !gate && S.tab === "today" && today?.is_workout && !today.finished && !S.sheetOpen;
  if (inTelegram) {
    if (finishable) tg.MainButton.setText(T("finish")).show();
    else tg.MainButton.hide();
  }
  if (can("6.1")) {
    if (!gate && (S.sheetOpen || S.tab !== "today")) tg.BackButton.show();
    else tg.BackButton.hide();
  }
  if (can("6.2")) {
    // Closing with a set still on its way would lose it.
    if (S.pending.size) tg.enableClosingConfirmation();
    else tg.disableClosingConfirmation();
  }
}

function goBack() {
  const sheet = byId("sheet");
  if (sheet.open) sheet.close();
  else selectTab("today");
}

function render() {
  for (const tab of TABS) {
    byId(`tab-${tab}`)?.setAttribute("aria-selected", String(tab === S.tab));
  }
  const app = byId("app");
  app.setAttribute("role", "tabpanel");
  app.setAttribute("aria-labelledby", `tab-${S.tab}`);
  ({ today: renderToday, programme: renderProgramme, progress: renderProgress, history: renderHistory })[S.tab]();
  syncChrome();
}

function pageHead(title, kicker) {
  return h("header", { class: "head" }, kicker ? h("p", { class: "kicker", text: kicker }) : null, h("h1", { text: title }));
}

// Nothing to show: an icon, and the API's words if any.
function empty(name, text) {
  return h("div", { class: "card empty" }, h("div", { class: "empty-badge" }, icon(name, "icon big")), text ? h("p", { text }) : null);
}

function loading(cls = "boot small") {
  return h("div", { class: cls, "aria-hidden": "true" }, h("span", { class: "spinner" }));
}

function loadError(retry) {
  return h(
    "div",
    { class: "card empty", role: "alert" },
    h("p", { text: T("offline") }),
    btn({ class: "primary", onclick: retry, text: T("retry") }),
  );
}

// --- Today -------------------------------------------------------------------------------

function renderToday() {
  const today = S.today;
  const head = pageHead(today.day_title || T("tab_today"), formatDay(today.date, LONG_DAY));
  if (!today.is_workout) {
    screen(
      head,
      empty("moon", today.rest_day_text || T("no_workout")),
    );
    return;
  }
  screen(
    head,
    S.summary ? summaryCard() : null,
    h("div", { class: "exercises" }, today.exercises.map(exerciseCard)),
    !inTelegram && !today.finished
      ? btn({ class: "primary wide finish", id: "finish", onclick: finish, text: T("finish") })
      : null,
  );
}

function summaryCard() {
  return h(
    "section",
    { class: "card summary", id: "summary", tabindex: "-1" },
    h("div", { class: "summary-badge" }, icon("trophy", "icon big")),
    h("p", { class: "summary-text", text: S.summary }),
  );
}

const setKey = (ex, position) => `${ex.exercise_id}#${position}`;
const warmupKey = (ex, position) => `${S.today.date}|${ex.exercise_id}|${position}`;

function workNumber(ex, position) {
  const set = ex.sets[position];
  if (Number.isInteger(set.index)) return set.index + 1;
  return ex.sets.slice(0, position + 1).filter((x) => x.kind === "work").length;
}

// The first work set neither done nor on its way: the one a check mark completes next.
function nextOpen(ex) {
  return ex.sets.findIndex((set, i) => set.kind === "work" && !set.done && !S.pending.has(setKey(ex, i)));
}

function activePosition(ex) {
  const chosen = S.active.get(ex.exercise_id);
  const open = (i) => ex.sets[i]?.kind === "work" && !ex.sets[i].done;
  if (chosen != null && open(chosen)) return chosen;
  // After Finish nothing opens by itself; a set added late is opened by a tap.
  if (S.today.finished) return null;
  const next = ex.sets.findIndex((set, i) => open(i));
  return next < 0 ? null : next;
}

function values(ex, position) {
  const set = ex.sets[position];
  const pending = S.pending.get(setKey(ex, position));
  if (pending) return pending.body;
  const edit = S.edits.get(setKey(ex, position));
  return { load: set.load ?? carried(ex, position), reps: set.reps, rpe: set.rpe ?? null, ...edit };
}

// A set planned without a load (a first session: the person picks it) starts from the load
// of the last set done before it today.
function carried(ex, position) {
  if (ex.sets[position].kind !== "work" || ex.sets[position].done) return null;
  const before = ex.sets.slice(0, position).filter((set) => set.kind === "work" && set.done);
  return before.at(-1)?.load ?? null;
}

function exerciseCard(ex) {
  const active = activePosition(ex);
  const titleId = `name-${ex.exercise_id}`;
  return h(
    "section",
    { class: "card exercise", id: `ex-${ex.exercise_id}`, "aria-labelledby": titleId },
    h(
      "div",
      { class: "ex-head" },
      h("h2", { id: titleId, text: ex.name }),
      ex.swap_options?.length
        ? btn({ class: "ghost swap", onclick: () => openSwap(ex) }, icon("swap"), h("span", { text: T("swap") }))
        : null,
    ),
    ex.last_time ? h("p", { class: "last" }, h("span", { text: `${T("last_time")}: ` }), h("strong", { text: ex.last_time })) : null,
    h(
      "ol",
      { class: "sets" },
      ex.sets.map((set, i) => setRow(ex, set, i, i === active)),
    ),
  );
}

function setRow(ex, set, position, active) {
  const key = setKey(ex, position);
  const pending = S.pending.get(key);
  const warmup = set.kind === "warmup";
  const done = warmup ? S.warmups.has(warmupKey(ex, position)) : !!set.done;
  const v = values(ex, position);
  const badge = warmup ? "W" : String(workNumber(ex, position));
  const label = warmup ? T("warmup") : `${T("work_set")} ${badge}`;
  const state = pending ? (pending.failed ? "failed" : "pending") : done ? "done" : active ? "active" : "open";
  const how = { bodyweight: ex.bodyweight, open: !warmup && !done };
  const summaryText = h("span", { class: "val", text: formatSet(v.load, v.reps, v.rpe, how) });
  const canOpen = !warmup && !done && !pending;
  const checkLabel = T(pending?.failed ? "retry" : done ? "undo_set" : "done_set");
  // Sets are done in order: a later one waits for the next open one.
  const waits = !warmup && !done && !pending && position !== nextOpen(ex);
  return h(
    "li",
    { class: `set ${warmup ? "warmup" : "work"}`, "data-state": state, "data-key": key },
    h(
      "div",
      { class: "set-row" },
      h("span", { class: "badge", "aria-hidden": "true", text: badge }),
      h(
        canOpen ? "button" : "div",
        {
          class: "set-main",
          type: canOpen ? "button" : null,
          "aria-expanded": canOpen ? String(active) : null,
          onclick: canOpen ? () => openSet(ex, position) : null,
        },
        h("span", { class: "sr-only", text: `${label}: ` }),
        summaryText,
      ),
      btn(
        {
          class: "check",
          "aria-pressed": String(done),
          "aria-label": `${checkLabel} (${label})`,
          "aria-busy": pending && !pending.failed ? "true" : null,
          disabled: (pending && !pending.failed) || waits,
          onclick: () => onCheck(ex, position),
        },
        pending?.failed ? icon("warn") : pending ? h("span", { class: "spinner" }) : icon("check"),
      ),
    ),
    active && canOpen ? adjusters(ex, position, v, summaryText) : null,
  );
}

function openSet(ex, position) {
  haptic.select();
  S.active.set(ex.exercise_id, position);
  replaceCard(ex);
}

function replaceCard(ex) {
  byId(`ex-${ex.exercise_id}`)?.replaceWith(exerciseCard(ex));
}

function adjusters(ex, position, v, summaryText) {
  const key = setKey(ex, position);
  const edit = (field, value) => {
    const next = { ...values(ex, position), [field]: value };
    S.edits.set(key, next);
    summaryText.textContent = formatSet(next.load, next.reps, next.rpe, { bodyweight: ex.bodyweight, open: true });
  };
  return h(
    "div",
    { class: "adjust" },
    loadStepper(`${key}-load`, v.load, ex.load_step, (value) => edit("load", value)),
    stepper(`${key}-reps`, T("reps"), "", v.reps, 1, 1, 100, (value) => edit("reps", value)),
    rpeSelect(`${key}-rpe`, v.rpe, (value) => edit("rpe", value)),
  );
}

// No load (null) is bodyweight, or a load still to choose: an empty field, + starts at a step.
function loadStepper(id, value, step, onChange) {
  return stepper(id, T("load"), S.today.units, value, step || 1, 0, 2000, onChange, "–");
}

function stepper(id, label, unit, value, step, min, max, onChange, empty = null) {
  const input = h("input", {
    id,
    type: "number",
    inputmode: step % 1 ? "decimal" : "numeric",
    min: String(min),
    max: String(max),
    step: "any",
    value: value == null ? "" : String(value),
    placeholder: empty,
    onchange: () => {
      const typed = input.valueAsNumber;
      if (Number.isFinite(typed)) set(typed);
      else if (empty != null && input.value === "") set(null);
      else set(value);
    },
  });
  const set = (next) => {
    value = next == null ? null : tidy(Math.min(max, Math.max(min, next)));
    input.value = value == null ? "" : String(value);
    onChange(value);
  };
  const bump = (sign) => () => {
    haptic.tap();
    if (value == null) {
      if (sign > 0) set(step);
      return;
    }
    // A load typed off the step goes to the nearest step that way, then on by steps.
    const q = value / step;
    set((sign > 0 ? Math.floor(q + 1e-9) + 1 : Math.ceil(q - 1e-9) - 1) * step);
  };
  const sign = num(step);
  return h(
    "div",
    { class: "stepper" },
    h("label", { for: id, text: unit ? `${label}, ${unit}` : label }),
    h(
      "div",
      { class: "stepper-row" },
      btn({ class: "step", "aria-label": `${label} −${sign}`, onclick: bump(-1) }, icon("minus")),
      input,
      btn({ class: "step", "aria-label": `${label} +${sign}`, onclick: bump(1) }, icon("plus")),
    ),
  );
}

function rpeSelect(id, value, onChange) {
  const options = [h("option", { value: "", text: "–" })];
  for (let r = 5; r <= 10; r += 0.5) options.push(h("option", { value: String(r), text: num(r), selected: r === value }));
  const select = h("select", { id, onchange: () => onChange(select.value ? Number(select.value) : null) }, options);
  return h("div", { class: "stepper rpe" }, h("label", { for: id, text: T("rpe") }), select);
}

function onCheck(ex, position) {
  const set = ex.sets[position];
  if (set.kind === "warmup") {
    const key = warmupKey(ex, position);
    if (S.warmups.has(key)) S.warmups.delete(key);
    else {
      S.warmups.add(key);
      haptic.tap();
    }
    // Only today's warm-ups are worth keeping.
    writeJson(WARMUPS, [...S.warmups].filter((k) => k.startsWith(`${S.today.date}|`)));
    replaceCard(ex);
    return;
  }
  if (set.done) undoSet(ex, position);
  else completeSet(ex, position);
}

function exerciseNow(id) {
  return S.today.exercises.find((ex) => ex.exercise_id === id);
}

function updateExercise(fresh) {
  // Whatever changed shows in the other tabs' next look.
  S.progress = null;
  S.history = null;
  if (!fresh) {
    // The set's exercise is not in today's plan (an earlier day's, changed from History).
    refreshToday();
    return;
  }
  const list = S.today.exercises;
  const i = list.findIndex((ex) => ex.exercise_id === fresh.exercise_id);
  if (i >= 0) list[i] = fresh;
  if (S.tab === "today") replaceCard(fresh);
}

async function refreshToday() {
  try {
    setToday(await api("GET", "api/today"));
  } catch {
    return; // today's screen stays as it was; the next change brings it up to date
  }
  if (S.tab === "today") render();
}

// Sets on their way, kept across a closed app: sent again, with the same client_id, when the
// page opens next (the same day), so none is lost to a dropped connection.
function saveOutbox() {
  const sending = [...S.pending.values()].filter((p) => p.client_id);
  writeJson(OUTBOX, sending.map(({ client_id, body }) => ({ client_id, body, date: S.today.date })));
}

async function completeSet(ex, position, resumed = null) {
  const key = setKey(ex, position);
  const stuck = S.pending.get(key);
  if (stuck?.failed) {
    // The retry button: try now rather than at the next attempt.
    stuck.failed = false;
    replaceCard(exerciseNow(ex.exercise_id));
    wakeUp();
    return;
  }
  const v = values(ex, position);
  // The client_id makes a retry safe: the server stores the set once however often it hears of it.
  const index = ex.sets[position].index;
  const pending = resumed ?? { client_id: crypto.randomUUID(), body: { exercise_id: ex.exercise_id, index, load: v.load, reps: v.reps, rpe: v.rpe } };
  S.pending.set(key, pending);
  saveOutbox();
  haptic.tap();
  replaceCard(exerciseNow(ex.exercise_id));
  syncChrome();
  // An exercise's sets reach the server in the order they were done: it stores each as the
  // next one, and refuses one ahead of a set it has not heard of.
  const before = S.sending.get(ex.exercise_id);
  const sent = (async () => {
    await before;
    return send(pending, () => {
      if (pending.failed) return;
      pending.failed = true;
      replaceCard(exerciseNow(ex.exercise_id));
      toast(T("offline"), "error");
    });
  })();
  S.sending.set(ex.exercise_id, sent);
  const answer = await sent;
  if (S.sending.get(ex.exercise_id) === sent) S.sending.delete(ex.exercise_id);
  S.pending.delete(key);
  saveOutbox();
  syncChrome();
  if (!answer) {
    replaceCard(exerciseNow(ex.exercise_id));
    return;
  }
  S.edits.delete(key);
  S.active.delete(ex.exercise_id);
  updateExercise(answer.exercise);
  startRest(answer.rest_seconds);
  toast(answer.record ? `${T("record")} ${answer.message}` : answer.message, answer.record ? "record" : "");
}

// Tries until the server answers: waiting longer each time, at once when the connection
// comes back or the person taps retry. `stuck` runs after each failure once it takes a while.
async function send(pending, stuck) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await api("POST", "api/sets", { client_id: pending.client_id, ...pending.body });
    } catch (error) {
      if (!error.retryable) {
        failed(error);
        return null;
      }
      if (attempt >= RETRIES - 1) stuck();
      await pause(error.retryAfter ? error.retryAfter * 1000 : Math.min(MAX_WAIT, 1000 * 2 ** attempt));
    }
  }
}

const waiting = new Set();

function pause(ms) {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      waiting.delete(done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    waiting.add(done);
  });
}

function wakeUp() {
  for (const done of [...waiting]) done();
}

function resendOutbox() {
  const left = readJson(OUTBOX, []).filter((p) => p.date === S.today.date);
  for (const { client_id, body } of left) {
    const ex = exerciseNow(body.exercise_id);
    const position = ex ? nextOpen(ex) : -1;
    if (ex && position >= 0) completeSet(ex, position, { client_id, body, failed: false });
    // Its exercise has left today's screen (a swap): sent all the same, then shown.
    else send({ client_id, body }, () => {}).then((answer) => answer && refreshToday());
  }
  saveOutbox();
}

async function undoSet(ex, position) {
  const key = setKey(ex, position);
  const set = ex.sets[position];
  S.pending.set(key, { body: { load: set.load, reps: set.reps, rpe: set.rpe ?? null } });
  replaceCard(ex);
  try {
    const answer = await api("DELETE", `api/sets/${set.log_id}`);
    S.pending.delete(key);
    haptic.tap();
    updateExercise(answer.exercise);
  } catch (error) {
    S.pending.delete(key);
    replaceCard(exerciseNow(ex.exercise_id));
    failed(error);
  }
}

async function finish() {
  if (S.finishing || S.today.finished) return;
  S.finishing = true;
  if (inTelegram) tg.MainButton.showProgress();
  byId("finish")?.setAttribute("disabled", "");
  try {
    const answer = await api("POST", "api/finish");
    S.summary = answer.summary;
    S.today.finished = true;
    stopRest();
    haptic.success();
    if (S.tab === "today") render();
    window.scrollTo(0, 0);
    byId("summary")?.focus();
  } catch (error) {
    byId("finish")?.removeAttribute("disabled");
    failed(error);
  } finally {
    S.finishing = false;
    if (inTelegram) tg.MainButton.hideProgress();
    syncChrome();
  }
}

// --- Rest timer ------------------------------------------------------------------------------

const rest = { end: 0, total: 0, ticker: 0, hider: 0 };

// Counted from the clock rather than by ticks, which a phone slows down in the background;
// kept, so that the Mini App closed and opened again mid-rest still counts down.
function startRest(seconds, end = Date.now() + seconds * 1000) {
  if (!seconds) return;
  clearInterval(rest.ticker);
  clearTimeout(rest.hider);
  rest.total = seconds;
  rest.end = end;
  writeJson(REST, { seconds, end });
  const el = byId("timer");
  el.hidden = false;
  el.dataset.state = "running";
  byId("timer-skip").hidden = false;
  byId("timer-label").textContent = T("rest_left");
  announce(`${T("rest_left")} ${clock(seconds)}`);
  rest.ticker = setInterval(tick, 250);
  tick();
}

function tick() {
  const left = Math.max(0, Math.ceil((rest.end - Date.now()) / 1000));
  byId("timer-time").textContent = clock(left);
  const fill = document.querySelector("#timer .ring-fill");
  fill.style.strokeDashoffset = String(100 - (100 * left) / rest.total);
  if (left === 0) restOver();
}

function restOver() {
  clearInterval(rest.ticker);
  writeJson(REST, null);
  haptic.success();
  const el = byId("timer");
  el.dataset.state = "done";
  byId("timer-label").textContent = "";
  byId("timer-time").textContent = T("rest_done");
  byId("timer-skip").hidden = true;
  announce(T("rest_done"));
  rest.hider = setTimeout(stopRest, 5000);
}

function stopRest() {
  clearInterval(rest.ticker);
  clearTimeout(rest.hider);
  writeJson(REST, null);
  const el = byId("timer");
  if (el) el.hidden = true;
}

// --- Sheets (swap, history edit) -------------------------------------------------------------

function openSheet(content) {
  const sheet = byId("sheet");
  sheet.replaceChildren(h("div", { class: "sheet-grip", "aria-hidden": "true" }), content);
  sheet.showModal();
  S.sheetOpen = true;
  syncChrome();
  sheet.addEventListener(
    "close",
    () => {
      S.sheetOpen = false;
      syncChrome();
    },
    { once: true },
  );
}

function closeSheet() {
  byId("sheet").close();
}

function openSwap(ex) {
  openSheet(
    h(
      "div",
      { class: "sheet-body" },
      h("h2", { text: `${T("swap")}: ${ex.name}`, tabindex: "-1", autofocus: true }),
      h(
        "div",
        { class: "options" },
        ex.swap_options.map((option) =>
          btn(
            { class: "option", onclick: (event) => swap(ex, option, event.currentTarget) },
            h("span", { text: option.name }),
            icon("chevron"),
          ),
        ),
      ),
      btn({ class: "ghost wide", onclick: closeSheet, text: T("cancel") }),
    ),
  );
}

async function swap(ex, option, button) {
  button.disabled = true;
  try {
    const today = await api("POST", "api/swap", { exercise_id: ex.exercise_id, to: option.exercise_id });
    closeSheet();
    setToday({ ...today, texts: today.texts ?? S.texts });
    S.programme = null; // the programme names the new exercise too
    haptic.tap();
    render();
    byId(`ex-${option.exercise_id}`)?.scrollIntoView({ block: "start", behavior: "smooth" });
  } catch (error) {
    button.disabled = false;
    failed(error);
  }
}

// --- Programme ---------------------------------------------------------------------------------

// A tab's data, fetched at its first look and after a change; false when the tab was left
// meanwhile or the fetch failed (the tab then says so, with a retry).
async function fetched(tab, head) {
  if (!S[tab]) {
    screen(head, loading());
    try {
      S[tab] = await api("GET", `api/${tab}`);
    } catch (error) {
      if (S.tab === tab) screen(head, loadError(render));
      failed(error);
      return false;
    }
  }
  return S.tab === tab;
}

async function renderProgramme() {
  const head = pageHead(T("tab_programme"));
  if (await fetched("programme", head)) screen(head, S.programme.weeks.map(weekCard));
}

function weekCard(week) {
  const light = week.phase !== "build";
  return h(
    "section",
    { class: `card week${light ? " light" : ""}`, "data-phase": week.phase },
    h("div", { class: "week-head" }, light ? h("span", { class: "week-badge" }, icon("leaf")) : null, h("h2", { text: week.label })),
    h(
      "ul",
      { class: "days" },
      week.days.map((day) =>
        h(
          "li",
          {
            class: `day${day.is_workout ? "" : " rest"}${day.date === S.today.date ? " is-today" : ""}`,
            "aria-current": day.date === S.today.date ? "date" : null,
          },
          h("div", { class: "day-date" }, h("span", { text: day.title }), h("strong", { text: formatDay(day.date, { day: "numeric" }) })),
          day.is_workout
            ? h("p", { class: "day-ex", text: day.exercises.join(" · ") })
            : h("span", { class: "day-ex" }, icon("moon")),
        ),
      ),
    ),
  );
}

// --- Progress ----------------------------------------------------------------------------------

async function renderProgress() {
  const head = pageHead(T("tab_progress"));
  if (!(await fetched("progress", head))) return;
  const exercises = S.progress.exercises.filter((ex) => ex.points.length);
  if (!exercises.length) {
    screen(head, empty("progress", T("nothing_yet")));
    return;
  }
  let chosen = exercises.find((ex) => ex.exercise_id === S.chosen) ?? exercises[0];
  S.chosen = chosen.exercise_id;
  if (S.point == null || S.point >= chosen.points.length) S.point = chosen.points.length - 1;
  const chartBox = h("div", { class: "chart" });
  const detail = h("div", { class: "point-detail", "aria-live": "polite" });
  const show = () => {
    const point = chosen.points[S.point];
    detail.replaceChildren(
      h("p", { class: "kicker", text: formatDay(point.date, { weekday: "short", day: "numeric", month: "long", year: "numeric" }) }),
      h("p", { class: "best", text: point.best }),
    );
    chartBox.replaceChildren(chart(chosen, show));
  };
  screen(
    head,
    h(
      "div",
      { class: "chips", role: "group", "aria-label": T("tab_progress") },
      exercises.map((ex) =>
        btn({
          class: "chip",
          "aria-pressed": String(ex === chosen),
          text: ex.name,
          onclick: () => {
            S.chosen = ex.exercise_id;
            S.point = null;
            haptic.select();
            renderProgress();
          },
        }),
      ),
    ),
    h("section", { class: "card chart-card" }, h("h2", { text: chosen.name }), chartBox, detail),
  );
  show();
}

function chart(exercise, onPick) {
  const points = exercise.points;
  const width = Math.max(280, byId("app").clientWidth - 32);
  const height = 220;
  const pad = { top: 16, right: 16, bottom: 28, left: 44 };
  const values = points.map((p) => p.e1rm);
  let low = Math.min(...values);
  let high = Math.max(...values);
  if (high - low < 1) {
    low -= 5;
    high += 5;
  }
  const span = high - low;
  low = Math.max(0, low - span * 0.15);
  high += span * 0.15;
  const inner = width - pad.left - pad.right;
  const band = points.length > 1 ? inner / (points.length - 1) : width;
  const x = (i) => pad.left + (points.length > 1 ? i * band : inner / 2);
  const y = (v) => pad.top + ((high - v) * (height - pad.top - pad.bottom)) / (high - low);
  const grid = [0, 1, 2, 3].map((k) => low + ((high - low) * k) / 3);
  const line = points.map((p, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(p.e1rm).toFixed(1)}`).join("");
  const area = `${line}L${x(points.length - 1).toFixed(1)},${height - pad.bottom}L${x(0).toFixed(1)},${height - pad.bottom}Z`;
  const short = (p) => formatDay(p.date, { day: "numeric", month: "short" });
  return s(
    "svg",
    { viewBox: `0 0 ${width} ${height}`, width, height, role: "group", "aria-label": exercise.name },
    s("defs", null, s("linearGradient", { id: "fade", x1: "0", y1: "0", x2: "0", y2: "1" }, s("stop", { offset: "0", class: "fade-top" }), s("stop", { offset: "1", class: "fade-bottom" }))),
    grid.map((v) =>
      s(
        "g",
        { class: "grid" },
        s("line", { x1: pad.left, x2: width - pad.right, y1: y(v), y2: y(v) }),
        s("text", { x: pad.left - 8, y: y(v) + 4, "text-anchor": "end", text: num(Math.round(v)) }),
      ),
    ),
    s("text", { class: "axis", x: x(0), y: height - 8, text: short(points[0]) }),
    points.length > 1 ? s("text", { class: "axis", x: x(points.length - 1), y: height - 8, "text-anchor": "end", text: short(points.at(-1)) }) : null,
    s("path", { class: "area", d: area }),
    s("path", { class: "line", d: line }),
    s("line", { class: "cursor", x1: x(S.point), x2: x(S.point), y1: pad.top, y2: height - pad.bottom }),
    points.map((p, i) =>
      s(
        "g",
        {
          class: `point${i === S.point ? " on" : ""}`,
          role: "button",
          tabindex: "0",
          "aria-pressed": String(i === S.point),
          "aria-label": `${short(p)}: ${p.best}`,
          "data-session": p.session_id,
          onclick: () => pick(i),
          onkeydown: (event) => {
            if (event.key === "Enter" || event.key === " ") {
              event.preventDefault();
              pick(i);
            }
          },
        },
        // The whole column around a point answers a thumb, not just the dot.
        s("rect", { class: "hit", x: x(i) - band / 2, y: 0, width: band, height }),
        s("circle", { cx: x(i), cy: y(p.e1rm), r: i === S.point ? 6 : 4 }),
      ),
    ),
  );

  function pick(i) {
    if (S.point === i) return;
    haptic.select();
    S.point = i;
    onPick();
    document.querySelector(`.point[data-session="${points[i].session_id}"]`)?.focus();
  }
}

// --- History -----------------------------------------------------------------------------------

async function renderHistory() {
  const head = pageHead(T("tab_history"));
  if (!(await fetched("history", head))) return;
  const days = new Map();
  for (const entry of S.history.entries) {
    if (!days.has(entry.date)) days.set(entry.date, []);
    days.get(entry.date).push(entry);
  }
  if (!S.history.entries.length) {
    screen(head, empty("history", T("nothing_yet")));
    return;
  }
  // More comes by itself as the list nears its end; the button is there for a keyboard, a
  // screen reader, or a browser that does not say when the end is near.
  const sentinel = S.history.more
    ? h("div", { class: "more", id: "more" }, btn({ class: "ghost wide", onclick: loadMoreHistory, text: T("load_more") }))
    : null;
  screen(
    head,
    [...days].map(([date, entries]) =>
      h(
        "section",
        { class: "history-day" },
        h("h2", { class: "day-head", text: formatDay(date, LONG_DAY) }),
        h("ul", { class: "card list" }, entries.map(historyRow)),
      ),
    ),
    sentinel,
  );
  if (sentinel) {
    const observer = new IntersectionObserver(
      (seen) => {
        if (seen.some((e) => e.isIntersecting)) {
          observer.disconnect();
          loadMoreHistory();
        }
      },
      { rootMargin: "400px" },
    );
    observer.observe(sentinel);
  }
}

async function loadMoreHistory() {
  if (S.historyBusy || !S.history?.entries.length) return;
  S.historyBusy = true;
  byId("more")?.replaceChildren(loading());
  const y = window.scrollY;
  try {
    const page = await api("GET", `api/history?before=${S.history.entries.at(-1).log_id}`);
    // Unless a change meanwhile made the history to be fetched anew.
    if (S.history) S.history = { entries: [...S.history.entries, ...page.entries], more: page.more };
  } catch (error) {
    failed(error);
    const more = byId("more");
    more?.replaceChildren(btn({ class: "ghost wide", onclick: loadMoreHistory, text: T("retry") }));
    return;
  } finally {
    S.historyBusy = false;
  }
  if (S.tab === "history") {
    renderHistory();
    window.scrollTo(0, y);
  }
}

const entrySet = (entry, set) => formatSet(set.load, set.reps, entry.rpe, { bodyweight: entry.bodyweight });

// One set reads as the page writes sets; several as the chat wrote them ("Name: details").
function entryDetails(entry) {
  if (entry.sets.length === 1) return entrySet(entry, entry.sets[0]);
  const prefix = `${entry.name}: `;
  return entry.text.startsWith(prefix) ? entry.text.slice(prefix.length) : entry.text;
}

function historyRow(entry) {
  return h(
    "li",
    null,
    btn(
      { class: "entry", "data-log": entry.log_id, onclick: () => openEntry(entry) },
      h("span", { class: "entry-text" }, h("strong", { text: entry.name }), h("span", { text: entryDetails(entry) })),
      h("span", { class: "sr-only", text: T("edit") }),
      icon("chevron"),
    ),
  );
}

// A log of one set opens its editor; one of several ("3×8" typed in the chat) lists its sets,
// each edited or deleted alone by its position in the log, or the whole log deleted.
function openEntry(entry) {
  if (entry.sets.length === 1) {
    openSetEditor(entry, null);
    return;
  }
  const remove = btn({ class: "danger", text: T("delete"), onclick: () => deleteEntry(entry, null, remove) });
  openSheet(
    h(
      "div",
      { class: "sheet-body" },
      h("h2", { text: entry.name, tabindex: "-1", autofocus: true }),
      h("p", { class: "kicker", text: formatDay(entry.date, LONG_DAY) }),
      h(
        "div",
        { class: "options" },
        entry.sets.map((set, position) =>
          btn(
            { class: "option", "data-position": position, onclick: () => openSetEditor(entry, position) },
            h("span", { text: `${T("work_set")} ${position + 1}: ${entrySet(entry, set)}` }),
            icon("chevron"),
          ),
        ),
      ),
      btn({ class: "ghost wide", onclick: closeSheet, text: T("cancel") }),
      remove,
    ),
  );
}

function openSetEditor(entry, position) {
  const set = entry.sets[position ?? 0];
  const v = { load: set.load, reps: set.reps, rpe: entry.rpe };
  const id = `log-${entry.log_id}-${position ?? 0}`;
  const save = h("button", { type: "submit", class: "primary", text: T("save") });
  const cancel = btn({ class: "ghost", onclick: closeSheet, text: T("cancel") });
  const remove = btn({ class: "danger", text: T("delete"), onclick: () => deleteEntry(entry, position, remove) });
  const title = position == null ? entry.name : `${entry.name} · ${T("work_set")} ${position + 1}`;
  const form = h(
    "form",
    { class: "sheet-body", onsubmit: (event) => saveEntry(event, entry, position, v, save) },
    h("h2", { text: title, tabindex: "-1", autofocus: true }),
    h("p", { class: "kicker", text: formatDay(entry.date, LONG_DAY) }),
    h(
      "div",
      { class: "adjust" },
      loadStepper(`${id}-load`, v.load, loadStepOf(entry), (x) => (v.load = x)),
      stepper(`${id}-reps`, T("reps"), "", v.reps, 1, 1, 100, (x) => (v.reps = x)),
      rpeSelect(`${id}-rpe`, v.rpe, (x) => (v.rpe = x)),
    ),
    h("div", { class: "actions" }, save, cancel),
    remove,
  );
  if (byId("sheet").open) {
    // From the list of a log's sets: the same sheet, now the set's editor.
    byId("sheet").replaceChildren(h("div", { class: "sheet-grip", "aria-hidden": "true" }), form);
  } else openSheet(form);
}

function loadStepOf(entry) {
  return exerciseNow(entry.exercise_id)?.load_step ?? (S.today.units === "lb" ? 5 : 2.5);
}

// After a change the history is read again: the server writes a log's line as the chat does.
async function historyChanged(answer) {
  updateExercise(answer.exercise);
  closeSheet();
  await renderHistory();
}

async function saveEntry(event, entry, position, v, button) {
  event.preventDefault();
  button.disabled = true;
  const body = { load: v.load, reps: v.reps, rpe: v.rpe, ...(position == null ? {} : { position }) };
  try {
    const answer = await api("PATCH", `api/sets/${entry.log_id}`, body);
    toast(answer.message);
    await historyChanged(answer);
  } catch (error) {
    button.disabled = false;
    failed(error);
  }
}

async function deleteEntry(entry, position, button) {
  button.disabled = true;
  const which = position == null ? "" : `?position=${position}`;
  try {
    const answer = await api("DELETE", `api/sets/${entry.log_id}${which}`);
    haptic.tap();
    await historyChanged(answer);
  } catch (error) {
    button.disabled = false;
    failed(error);
  }
}

// --- Start -------------------------------------------------------------------------------------

function start() {
  S.initData = tg?.initData || initDataFromHash();
  applyScheme();
  if (tg) {
    tg.ready();
    tg.expand();
    tg.onEvent("themeChanged", applyScheme);
    if (can("6.1")) {
      tg.setHeaderColor("secondary_bg_color");
      tg.setBackgroundColor("secondary_bg_color");
      tg.BackButton.onClick(goBack);
    }
    if (can("7.7")) tg.disableVerticalSwipes(); // a scroll must not close the app mid-set
    tg.MainButton.onClick(finish);
  }
  byId("timer-skip").addEventListener("click", stopRest);
  window.addEventListener("online", wakeUp);
  if (!S.initData) {
    showGate();
    return;
  }
  boot();
}

start();
