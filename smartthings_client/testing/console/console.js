// The emulator console: draws the emulator's world from its event stream, sends device commands through the
// emulated API (so its 422s show), and installs webhook SmartApps through the control API, which signs them.
"use strict";

const el = Settings.el;
const current = { state: null, token: null, cards: new Map(), wizard: null };

function say(text, ok) {
  const box = document.getElementById("message");
  box.textContent = text;
  box.className = ok ? "ok" : "error";
}

async function control(method, path, body) {
  const response = await fetch(`/_emulator${path}`, {
    method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = await response.json();
  if (!response.ok) throw new Error(answer.error ? answer.error.message : `${response.status}`);
  return answer;
}

// A call of the emulated API with a PAT the control API issued (issued again after a reset).
async function api(method, path, body, retried) {
  if (!current.token) current.token = (await control("POST", "/tokens/pat", {})).token;
  const response = await fetch(`/v1${path}`, {
    method, body: body === undefined ? undefined : JSON.stringify(body),
    headers: { authorization: `Bearer ${current.token}`, "content-type": "application/json" },
  });
  if (response.status === 401 && !retried) { current.token = null; return api(method, path, body, true); }
  const text = await response.text();
  const answer = text ? JSON.parse(text) : {};
  if (!response.ok) {
    const error = answer.error || {};
    const details = (error.details || []).map((d) => d.message).filter(Boolean).join("; ");
    throw new Error(`${response.status} ${error.message || ""}${details ? ` (${details})` : ""}`);
  }
  return answer;
}

async function attempt(action, done) {
  try {
    const result = await action();
    if (done) say(typeof done === "function" ? done(result) : done, true);
    return result;
  } catch (error) {
    say(error.message, false);
    return undefined;
  }
}

function command(deviceId, component, capability, name, args) {
  const body = { commands: [{ component, capability, command: name, arguments: args || [] }] };
  return attempt(() => api("POST", `/devices/${deviceId}/commands`, body), `${capability}.${name} sent`);
}

// --- devices -------------------------------------------------------------------------------------------------

const value = (device, component, capability, attribute) => {
  const state = ((device.status[component] || {})[capability] || {})[attribute];
  return state ? state.value : undefined;
};

function hexToHueSaturation(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const max = Math.max(r, g, b), min = Math.min(r, g, b), delta = max - min;
  let hue = 0;
  if (delta) hue = max === r ? ((g - b) / delta) % 6 : max === g ? (b - r) / delta + 2 : (r - g) / delta + 4;
  return { hue: Math.round(((hue * 60 + 360) % 360) / 3.6), saturation: Math.round(max ? (delta / max) * 100 : 0) };
}

// Controls of the capabilities the console knows; the rest get the generic form from the catalogue.
const CONTROLS = {
  switch: (d, c) => {
    const on = value(d, c, "switch", "switch") === "on";
    return el("button", { class: on ? "on" : "", "data-testid": "switch", "aria-pressed": on ? "true" : "false",
      text: on ? "On" : "Off", onclick: () => command(d.deviceId, c, "switch", on ? "off" : "on") });
  },
  switchLevel: (d, c) => {
    const input = el("input", { type: "range", min: 0, max: 100, "aria-label": "level", onchange: () => command(d.deviceId, c, "switchLevel", "setLevel", [Number(input.value)]) });
    input.value = value(d, c, "switchLevel", "level") ?? 0;
    return el("span", {}, "Level ", input);
  },
  colorControl: (d, c) => {
    const input = el("input", { type: "color", "aria-label": "colour", onchange: () => command(d.deviceId, c, "colorControl", "setColor", [hexToHueSaturation(input.value)]) });
    return el("span", {}, "Colour ", input);
  },
  lock: (d, c) => el("span", {}, `${value(d, c, "lock", "lock") ?? "?"} `,
    el("button", { text: "Lock", onclick: () => command(d.deviceId, c, "lock", "lock") }),
    el("button", { text: "Unlock", onclick: () => command(d.deviceId, c, "lock", "unlock") })),
  thermostatHeatingSetpoint: (d, c) => setpoint(d, c, "thermostatHeatingSetpoint", "heatingSetpoint", "setHeatingSetpoint", "Heat to"),
  thermostatCoolingSetpoint: (d, c) => setpoint(d, c, "thermostatCoolingSetpoint", "coolingSetpoint", "setCoolingSetpoint", "Cool to"),
  windowShade: (d, c) => el("span", {}, `${value(d, c, "windowShade", "windowShade") ?? "?"} `,
    ...["open", "close", "pause"].map((name) => el("button", { text: name, onclick: () => command(d.deviceId, c, "windowShade", name) }))),
};

function setpoint(d, c, capability, attribute, name, label) {
  const input = el("input", { type: "number", step: "0.5", style: "width:5em", "aria-label": label });
  input.value = value(d, c, capability, attribute) ?? "";
  return el("span", {}, `${label} `, input, el("button", { text: "Set", onclick: () => command(d.deviceId, c, capability, name, [Number(input.value)]) }));
}

// A form for any command of a capability, built from its definition (GET /v1/capabilities/{id}/1).
function genericForm(d, c, capability) {
  const details = el("details", { "data-capability": capability }, el("summary", { text: `${capability} commands` }));
  details.addEventListener("toggle", async () => {
    if (!details.open || details.dataset.loaded) return;
    details.dataset.loaded = "1";
    const definition = await attempt(() => api("GET", `/capabilities/${capability}/1`));
    const commands = (definition && definition.commands) || {};
    if (!Object.keys(commands).length) details.append(el("em", { text: " no commands" }));
    for (const [name, spec] of Object.entries(commands)) {
      const inputs = (spec.arguments || []).map((arg) => {
        const input = el("input", { placeholder: `${arg.name}${arg.optional ? " (optional)" : ""}`, "aria-label": `${capability}.${name} ${arg.name}`, size: 10 });
        return { arg, input };
      });
      const send = () => {
        const args = [];
        for (const { input } of inputs) {
          if (input.value === "") break;
          try { args.push(JSON.parse(input.value)); } catch { args.push(input.value); }
        }
        command(d.deviceId, c, capability, name, args);
      };
      details.append(el("div", {}, el("button", { text: name, onclick: send }), ...inputs.map((i) => i.input)));
    }
  });
  return details;
}

function deviceCard(device, world) {
  const room = world.rooms.find((r) => r.roomId === device.roomId);
  const remove = device.type === "VIRTUAL"
    ? el("button", { class: "danger", text: "Remove", onclick: () => attempt(() => api("DELETE", `/devices/${device.deviceId}`), `${device.label} removed`) })
    : null;
  const card = el("div", { class: "card device", "data-device-id": device.deviceId, "data-label": device.label },
    el("h4", {}, el("span", { text: device.label }), remove),
    el("div", { class: "meta", text: `${room ? room.name : "no room"} · ${device.type || ""} · ${device.health || "health n/a"}` }));
  const controls = el("div", { class: "controls" });
  const table = el("table");
  for (const component of device.components) {
    for (const capability of component.capabilities) {
      const make = CONTROLS[capability];
      const row = el("div", { "data-capability": capability }, component.id === "main" ? null : `${component.id}: `);
      row.append(make ? make(device, component.id) : genericForm(device, component.id, capability));
      controls.append(row);
      for (const [attribute, state] of Object.entries((device.status[component.id] || {})[capability] || {})) {
        if (state && state.value !== undefined && state.value !== null) {
          table.append(el("tr", {}, el("td", { text: `${component.id === "main" ? "" : component.id + "."}${capability}.${attribute}` }),
            el("td", { class: "value", "data-attribute": `${component.id}/${capability}/${attribute}`, text: `${JSON.stringify(state.value)}${state.unit ? " " + state.unit : ""}` })));
        }
      }
    }
  }
  card.append(controls, el("details", {}, el("summary", { text: "state" }), table));
  return card;
}

function drawDevices(world) {
  const root = document.getElementById("locations");
  const seen = new Set();
  for (const location of world.locations) {
    let box = root.querySelector(`[data-location-id="${location.locationId}"]`);
    if (!box) {
      box = el("div", { "data-location-id": location.locationId }, el("h2"), el("div", { class: "rooms" }));
      root.append(box);
    }
    const mode = location.modes.find((m) => m.id === location.currentModeId);
    box.querySelector("h2").textContent = `${location.name} — mode ${mode ? mode.name : "?"}`;
    const rooms = [...world.rooms.filter((r) => r.locationId === location.locationId), { roomId: null, name: "No room" }];
    const roomsBox = box.querySelector(".rooms");
    for (const room of rooms) {
      const devices = world.devices.filter((d) => d.locationId === location.locationId && (d.roomId ?? null) === room.roomId);
      const key = room.roomId || `none-${location.locationId}`;
      let roomBox = roomsBox.querySelector(`[data-room="${key}"]`);
      if (!roomBox) {
        roomBox = el("div", { "data-room": key }, el("h3", { text: room.name }), el("div", { class: "devices" }));
        roomsBox.append(roomBox);
      }
      roomBox.hidden = !devices.length;
      const grid = roomBox.querySelector(".devices");
      for (const device of devices) {
        seen.add(device.deviceId);
        // A card is drawn again only when its device changed, and never while one of its inputs has the focus.
        const fingerprint = JSON.stringify(device);
        const old = current.cards.get(device.deviceId);
        if (old && old.fingerprint === fingerprint) continue;
        if (old && old.card.contains(document.activeElement) && document.activeElement.tagName === "INPUT") continue;
        const card = deviceCard(device, world);
        if (old) {
          for (const open of old.card.querySelectorAll("details[open]")) {
            const twin = card.querySelector(open.dataset.capability ? `details[data-capability="${open.dataset.capability}"]` : "details:not([data-capability])");
            if (twin && !open.dataset.capability) twin.open = true;
            if (twin && open.dataset.capability) { twin.replaceWith(open); }
          }
          old.card.replaceWith(card);
        } else grid.append(card);
        current.cards.set(device.deviceId, { fingerprint, card });
      }
    }
  }
  for (const [deviceId, { card }] of current.cards) {
    if (!seen.has(deviceId)) { card.remove(); current.cards.delete(deviceId); }
  }
}

function fillSelect(select, items) {
  const keep = select.value;
  select.replaceChildren(...items.map(([v, label]) => el("option", { value: v, text: label })));
  if (items.some(([v]) => v === keep)) select.value = keep;
}

// --- SmartApps -----------------------------------------------------------------------------------------------

function drawApps(state) {
  const hooks = document.getElementById("webhooks");
  hooks.replaceChildren(...state.webhooks.map((hook) => el("li", { "data-app-id": hook.appId },
    el("strong", { text: hook.appName }), el("code", { text: hook.targetUrl }),
    el("button", { text: "Install", onclick: () => startWizard(hook.appId, null) }))));
  if (!state.webhooks.length) hooks.append(el("li", { text: "none yet" }));
  const installed = document.getElementById("installed");
  installed.replaceChildren(...state.world.installedApps.map((app) => {
    const hooked = state.webhooks.some((h) => h.appId === app.appId);
    return el("li", { "data-installed-app-id": app.installedAppId },
      el("strong", { text: app.displayName || app.appId }), el("code", { text: app.installedAppId }),
      el("span", { class: "description", text: Object.keys(app.config).join(", ") || "no settings" }),
      hooked ? el("button", { text: "Settings", onclick: () => startWizard(app.appId, app) }) : null,
      el("button", { class: "danger", text: "Uninstall", onclick: () => uninstall(app) }));
  }));
  if (!state.world.installedApps.length) installed.append(el("li", { text: "none yet" }));
}

async function uninstall(app) {
  const answer = await attempt(() => control("POST", `/installedapps/${app.installedAppId}/uninstall`, {}));
  if (answer) say(delivered("UNINSTALL", answer.delivery), true);
}

function delivered(lifecycle, delivery) {
  return delivery ? `${lifecycle} sent; the app answered ${delivery.status}` : `${lifecycle} done (no webhook registered)`;
}

// The install (or settings) flow: INITIALIZE, then one PAGE after another, then INSTALL (or UPDATE).
async function startWizard(appId, installed) {
  const wizard = { appId, installed, config: installed ? { ...installed.config } : {}, history: [], initialize: null };
  current.wizard = wizard;
  const answer = await attempt(() => control("POST", `/webhooks/${appId}/configuration`, { phase: "INITIALIZE", installedAppId: installed ? installed.installedAppId : undefined }));
  if (!answer) return;
  const data = answeredData(answer);
  if (!data) return;
  wizard.initialize = data.initialize;
  wizard.installedAppId = answer.installedAppId;
  showPage(data.initialize.firstPageId, "");
}

function answeredData(answer) {
  const delivery = answer.delivery;
  const data = delivery && delivery.body && delivery.body.configurationData;
  if (delivery.status !== 200 || !data) {
    say(`the app answered CONFIGURATION with ${delivery.status}: ${JSON.stringify(delivery.body).slice(0, 300)}`, false);
    return null;
  }
  return data;
}

async function showPage(pageId, previousPageId) {
  const wizard = current.wizard;
  const answer = await attempt(() => control("POST", `/webhooks/${wizard.appId}/configuration`, {
    phase: "PAGE", pageId, previousPageId: previousPageId || undefined, installedAppId: wizard.installedAppId, config: wizard.config }));
  if (!answer || current.wizard !== wizard) return;
  const data = answeredData(answer);
  if (!data) return;
  const page = data.page;
  say("", true);  // what was said about the page before is stale
  const box = document.getElementById("wizard");
  box.hidden = false;
  box.replaceChildren(el("div", { class: "description", text: `${wizard.installed ? "Settings of" : "Installing"} ${wizard.initialize.name || wizard.appId}` }));
  const world = current.state.world;
  const locationId = wizard.installed ? wizard.installed.locationId : (world.locations[0] || {}).locationId;
  const remember = () => { const read = readPage(); Object.assign(wizard.config, read.config); return read; };
  const ctx = { ...world, locationId, config: wizard.config, goTo: (next) => { remember(); wizard.history.push(page.pageId); showPage(next, page.pageId); } };
  const form = el("form", { "data-page-id": page.pageId, novalidate: true });  // problems are said in the message line
  const readPage = Settings.renderPage(page, ctx, form, () => { remember(); showPage(page.pageId, previousPageId); });
  box.append(form);
  const buttons = el("div", { class: "wizard-buttons" });
  if (wizard.history.length) {
    buttons.append(el("button", { type: "button", text: "‹ Back", onclick: () => { remember(); const back = wizard.history.pop(); showPage(back, wizard.history[wizard.history.length - 1] || ""); } }));
  }
  const next = page.nextPageId;
  const finish = !next || page.complete;
  buttons.append(el("button", { type: "submit", class: "primary", text: finish ? (wizard.installed ? "Save (UPDATE)" : "Install") : "Next ›" }));
  buttons.append(el("button", { type: "button", text: "Cancel", onclick: () => { box.hidden = true; current.wizard = null; } }));
  form.append(buttons);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const read = remember();
    if (read.problems.length) { say(read.problems.join("; "), false); return; }
    if (!finish) { wizard.history.push(page.pageId); showPage(next, page.pageId); return; }
    const config = Object.fromEntries(Object.entries(wizard.config).filter(([, entries]) => entries.length));
    const done = wizard.installed
      ? await attempt(() => control("POST", `/installedapps/${wizard.installed.installedAppId}/update`, { config }))
      : await attempt(() => control("POST", "/tokens/smartapp", { appId: wizard.appId, locationId, config, permissions: wizard.initialize.permissions }));
    if (!done) return;
    box.hidden = true;
    current.wizard = null;
    say(delivered(wizard.installed ? "UPDATE" : "INSTALL", done.delivery), !done.delivery || done.delivery.status === 200);
  });
}

// --- journal, faults ------------------------------------------------------------------------------------------

function drawJournal(journal) {
  const status = (s) => el("span", { class: s && s < 400 ? "status-ok" : "status-bad", text: String(s ?? "dropped") });
  document.getElementById("requests").replaceChildren(...journal.requests.map((r) =>
    el("li", {}, `${r.method} ${r.path} → `, status(r.status), r.fault ? ` (fault: ${r.fault})` : "")));
  document.getElementById("lifecycles").replaceChildren(...journal.lifecycles.map((l) =>
    el("li", { "data-lifecycle": l.lifecycle }, `${l.lifecycle} → ${l.appId} → `, status(l.status),
      el("details", {}, el("summary", { text: "request and answer" }), el("pre", { text: JSON.stringify({ request: l.request, answer: l.answer }, null, 1) })))));
}

function drawFaults(state) {
  const list = document.getElementById("faults");
  list.replaceChildren(...state.faults.map((f) => el("li", { text: `${f.kind} ${f.status ?? ""} ${f.method || "any method"} ${f.path || f.pathRegex || "any path"} ×${f.remaining ?? "∞"}` })));
  if (!state.faults.length) list.append(el("li", { text: "no faults pending" }));
  const form = document.getElementById("rate-limits");
  if (!form.contains(document.activeElement)) {
    form.enabled.checked = state.rateLimits.enabled;
    form.limit.value = state.rateLimits.limit;
    form.window.value = state.rateLimits.window;
  }
}

function draw(state) {
  current.state = state;
  drawDevices(state.world);
  drawApps(state);
  drawJournal(state.journal);
  drawFaults(state);
  const add = document.getElementById("add-device");
  fillSelect(add.prototype, state.world.prototypes.map((p) => [p, p.replace(/^VIRTUAL_/, "").toLowerCase().replaceAll("_", " ")]));
  fillSelect(add.room, [["", "no room"], ...state.world.rooms.map((r) => [r.roomId, r.name])]);
}

// --- wiring ---------------------------------------------------------------------------------------------------

function connect() {
  const live = document.getElementById("live");
  const stream = new EventSource("/_emulator/console/stream");
  stream.addEventListener("world", (event) => {
    live.textContent = "live";
    live.className = "badge on";
    draw(JSON.parse(event.data));
  });
  stream.onerror = () => { live.textContent = "reconnecting…"; live.className = "badge off"; };
}

for (const tab of document.querySelectorAll(".tab")) {
  tab.addEventListener("click", () => {
    for (const other of document.querySelectorAll(".tab")) other.classList.toggle("active", other === tab);
    for (const view of document.querySelectorAll(".view")) view.hidden = view.id !== `view-${tab.dataset.view}`;
  });
}

document.getElementById("add-device").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = event.target;
  const location = current.state.world.locations[0];
  const body = { name: form.label.value, prototype: form.prototype.value, owner: { ownerType: "LOCATION", ownerId: location.locationId } };
  if (form.room.value) body.roomId = form.room.value;
  attempt(() => api("POST", "/virtualdevices/prototypes", body), `${form.label.value} added`).then((made) => { if (made) form.label.value = ""; });
});

document.getElementById("register-app").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const body = { targetUrl: form.targetUrl.value };
  if (form.appId.value) body.appId = form.appId.value;
  const hook = await attempt(() => control("POST", "/webhooks", body));
  if (hook) startWizard(hook.appId, null);
});

document.getElementById("add-fault").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = event.target;
  const body = { kind: form.kind.value, count: Number(form.times.value) };
  if (form.kind.value === "server_error") body.status = Number(form.status.value);
  if (form.path.value) body.path = form.path.value;
  attempt(() => control("POST", "/faults", body), "fault added");
});
document.getElementById("clear-faults").addEventListener("click", () => attempt(() => control("DELETE", "/faults"), "faults cleared"));
document.getElementById("rate-limits").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = event.target;
  const action = form.enabled.checked
    ? control("PUT", "/rate-limits", { limit: Number(form.limit.value), window: Number(form.window.value) })
    : control("DELETE", "/rate-limits");
  attempt(() => action, "rate limits applied");
});
document.getElementById("reset").addEventListener("submit", (event) => {
  event.preventDefault();
  current.token = null;
  attempt(() => control("POST", "/reset", {}), "the emulator was reset");
});

connect();
