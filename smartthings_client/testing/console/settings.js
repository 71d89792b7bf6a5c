// Renders a CONFIGURATION page (the JSON a webhook SmartApp answers, as the SmartApp lifecycle spec defines it)
// into form controls, and reads them back as `installedApp.config` entries. Plain JavaScript, no dependencies.
"use strict";

const Settings = (() => {
  const STRING_INPUTS = { TEXT: "text", PASSWORD: "password", EMAIL: "email", PHONE: "tel", NUMBER: "number", DECIMAL: "number" };

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children) if (child) node.append(child);
    return node;
  }

  const stringEntry = (value) => ({ valueType: "STRING", stringConfig: { value: String(value) } });
  const stringsOf = (entries) => (entries || []).filter((e) => e.stringConfig).map((e) => e.stringConfig.value);

  function options(setting) {
    const flat = (setting.options || []).map((o) => (typeof o === "string" ? { id: o, name: o } : o));
    for (const group of setting.groupedOptions || []) {
      for (const o of group.options || []) flat.push({ id: o.id, name: `${group.name}: ${o.name}` });
    }
    return flat;
  }

  // A list of choices (checkboxes when several may be chosen, radios otherwise); returns the chosen ids.
  function choices(setting, items, chosen, onChange) {
    const box = el("div", { class: "choices", role: "group", "aria-label": setting.name || setting.id });
    const kind = setting.multiple ? "checkbox" : "radio";
    for (const item of items) {
      const input = el("input", { type: kind, name: `setting-${setting.id}`, value: item.id, onchange: onChange });
      input.checked = chosen.includes(item.id);
      box.append(el("label", {}, input, ` ${item.name}`));
    }
    if (!items.length) box.append(el("em", { text: "nothing to choose from" }));
    return { node: box, read: () => [...box.querySelectorAll("input:checked")].map((i) => i.value) };
  }

  // One setting: its node, and read() giving its config entries (undefined for settings that carry no value).
  function render(setting, ctx, entries, onChange) {
    const type = String(setting.type || "").toUpperCase();
    const changed = setting.submitOnChange ? () => onChange(setting) : undefined;
    const id = `setting-${setting.id}`;
    const defaults = setting.defaultValue !== undefined ? [String(setting.defaultValue)] : [];
    const strings = entries ? stringsOf(entries) : defaults;
    if (type in STRING_INPUTS) {
      const input = el("input", {
        id, type: STRING_INPUTS[type], min: setting.min, max: setting.max, minlength: setting.minLength,
        maxlength: setting.maxLength, step: type === "DECIMAL" ? "any" : type === "NUMBER" ? "1" : undefined,
        onchange: changed,
      });
      input.value = strings[0] ?? "";
      const node = el("span", {}, input, setting.postMessage ? ` ${setting.postMessage}` : null);
      return { node, labelFor: id, read: () => (input.value === "" ? [] : [stringEntry(input.value)]), check: () => input.checkValidity() || input.validationMessage };
    }
    if (type === "BOOLEAN") {
      const input = el("input", { id, type: "checkbox", onchange: changed });
      input.checked = (strings[0] ?? "false") === "true";
      return { node: input, labelFor: id, read: () => [stringEntry(input.checked ? "true" : "false")] };
    }
    if (type === "TIME") {
      const input = el("input", { id, type: "time", onchange: changed });
      const given = strings[0] || "";
      const found = /T?(\d\d:\d\d)/.exec(given);
      input.value = found ? found[1] : "";
      // SmartThings sends a time setting as an ISO date-time string; the day is today.
      const read = () => (input.value ? [stringEntry(`${new Date().toISOString().slice(0, 10)}T${input.value}:00.000Z`)] : []);
      return { node: input, labelFor: id, read };
    }
    if (type === "ENUM" || type === "SOUND" || type === "MESSAGE_GROUP" || ((type === "SECURITY") && (setting.options || setting.groupedOptions))) {
      const picked = choices(setting, options(setting), strings, changed);
      return { node: picked.node, read: () => picked.read().map(stringEntry) };
    }
    if (type === "DEVICE") {
      const wanted = setting.capabilities || [];
      const devices = ctx.devices.filter((d) => d.locationId === ctx.locationId
        && wanted.every((cap) => d.components.some((c) => c.capabilities.includes(cap))));
      const chosen = (entries || []).filter((e) => e.deviceConfig).map((e) => e.deviceConfig.deviceId);
      const picked = choices(setting, devices.map((d) => ({ id: d.deviceId, name: d.label })), chosen, changed);
      const note = el("span", { class: "description", text: `devices with ${wanted.join(", ") || "any capability"}; the app asks for ${(setting.permissions || ["r"]).join(", ")}` });
      const read = () => picked.read().map((deviceId) => ({ valueType: "DEVICE", deviceConfig: { deviceId, componentId: "main" } }));
      return { node: el("div", {}, note, picked.node), read };
    }
    if (type === "MODE") {
      const location = ctx.locations.find((l) => l.locationId === ctx.locationId) || { modes: [] };
      const chosen = (entries || []).filter((e) => e.modeConfig).map((e) => e.modeConfig.modeId);
      const picked = choices(setting, location.modes, chosen, changed);
      return { node: picked.node, read: () => picked.read().map((modeId) => ({ valueType: "MODE", modeConfig: { modeId } })) };
    }
    if (type === "SCENE") {
      const scenes = ctx.scenes.filter((s) => s.locationId === ctx.locationId).map((s) => ({ id: s.sceneId, name: s.sceneName }));
      const chosen = (entries || []).filter((e) => e.sceneConfig).map((e) => e.sceneConfig.sceneId);
      const picked = choices(setting, scenes, chosen, changed);
      return { node: picked.node, read: () => picked.read().map((sceneId) => ({ valueType: "SCENE", sceneConfig: { sceneId } })) };
    }
    if (type === "PAGE") {
      const button = el("button", { type: "button", class: "page-link", text: `${setting.name || setting.page} ›`, onclick: () => ctx.goTo(setting.page) });
      return { node: button, bare: true };
    }
    if (type === "LINK") {
      return { node: el("a", { href: setting.url, target: "_blank", rel: "noopener", text: setting.name || setting.url }), bare: true };
    }
    if (type === "OAUTH") {
      const url = String(setting.urlTemplate || "").replace("__SmartThingsOAuthCallback__", encodeURIComponent(`${location.origin}/oauth/callback`));
      return { node: el("a", { href: url, target: "_blank", rel: "noopener", text: `Authorize ${setting.name || ""}` }) };
    }
    if (type === "IMAGE") return { node: el("img", { src: setting.image, alt: setting.name || "image" }) };
    if (type === "IMAGES") return { node: el("span", {}, ...(setting.images || []).map((src) => el("img", { src, alt: "image" }))) };
    if (type === "VIDEO") return { node: el("video", { src: setting.video, poster: setting.image, controls: true }) };
    if (type === "PARAGRAPH") return { node: el("p", { text: setting.description || "" }), noDescription: true };
    if (type === "SECURITY") return { node: el("span", { class: "description", text: "the location's security arm state" }) };
    // A type this console does not know: a text box, so the app still gets a value.
    const input = el("input", { id, type: "text" });
    input.value = strings[0] ?? "";
    return { node: el("span", {}, input, el("em", { text: ` (setting type ${type})` })), labelFor: id, read: () => (input.value === "" ? [] : [stringEntry(input.value)]) };
  }

  function renderSettings(settings, ctx, onChange, into, readers) {
    for (const setting of settings || []) {
      const type = String(setting.type || "").toUpperCase();
      if (type === "SECTION") {  // a nested section
        const box = el("fieldset", { "data-section": setting.name }, el("legend", { text: setting.name || "" }));
        renderSettings(setting.settings, ctx, onChange, box, readers);
        into.append(box);
        continue;
      }
      const shown = render(setting, ctx, ctx.config[setting.id], onChange);
      const row = el("div", { class: "setting", "data-setting": setting.id, "data-type": type });
      if (!shown.bare) {
        const label = el(shown.labelFor ? "label" : "span", { class: "label", for: shown.labelFor, text: setting.name || setting.id });
        if (setting.required) label.append(el("span", { class: "required", text: " *" }));
        row.append(label);
        if (setting.description && !shown.noDescription) row.append(el("span", { class: "description", text: setting.description }));
      }
      row.append(shown.node);
      into.append(row);
      if (shown.read) readers.push({ setting, read: shown.read, check: shown.check });
    }
  }

  // Draws `page` into `into`; ctx: {devices, locations, scenes, locationId, config (id -> entries), goTo(pageId)}.
  // Returns read(): {config: id -> entries of this page, problems: [text]}.
  function renderPage(page, ctx, into, onChange) {
    const readers = [];
    into.append(el("h3", { class: "page", text: page.name || page.pageId }));
    for (const section of page.sections || []) {
      const box = el("fieldset", { "data-section": section.name || "" });
      if (section.name && !section.hideable) box.append(el("legend", { text: section.name }));
      renderSettings(section.settings, ctx, onChange, box, readers);
      if (section.hideable) {
        const details = el("details", { open: !section.hidden }, el("summary", { text: section.name || "more" }), box);
        into.append(details);
      } else {
        into.append(box);
      }
    }
    return () => {
      const config = {};
      const problems = [];
      for (const { setting, read, check } of readers) {
        const entries = read();
        const invalid = check ? check() : true;
        if (invalid !== true) problems.push(`${setting.name || setting.id}: ${invalid}`);
        if (setting.required && !entries.length) problems.push(`${setting.name || setting.id} is required`);
        config[setting.id] = entries;
      }
      return { config, problems };
    };
  }

  return { renderPage, el };
})();
