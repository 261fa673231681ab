// Progress Canvas: the browser's memory, kept in local storage (see memory.py beside it).
//
// Python hands this component what its session remembers (`data.memory`: storage key ->
// entry, each entry stamped with `at`, milliseconds).  Here every entry the session holds
// newer than local storage is written to local storage, and when local storage holds
// something newer than the session (another tab wrote it, or an earlier visit did), all of it
// is reported back once, as the trigger value `memory`.  No network, no iframe: it renders
// nothing and only talks to the page's own local storage.

const PREFIX = "progress-canvas:";

// What this page last reported, so that the same news is told only once (the function runs
// again whenever the session's memory changes).
let reported = null;

function canonical(value) {
  if (Array.isArray(value)) {
    return `[${value.map(canonical).join(",")}]`;
  }
  if (value !== null && typeof value === "object") {
    const fields = Object.keys(value).sort();
    return `{${fields.map((name) => `${JSON.stringify(name)}:${canonical(value[name])}`).join(",")}}`;
  }
  return JSON.stringify(value === undefined ? null : value);
}

function stamped(text) {
  try {
    const entry = JSON.parse(text);
    if (entry !== null && typeof entry === "object" && typeof entry.at === "number") {
      return entry;
    }
  } catch (error) {
    // not JSON: reported as the oldest possible entry, so the session's version replaces it
  }
  return { at: -1 };
}

function readAll(storage) {
  const found = {};
  for (let index = 0; index < storage.length; index += 1) {
    const name = storage.key(index);
    if (name !== null && name.startsWith(PREFIX)) {
      found[name] = stamped(storage.getItem(name));
    }
  }
  return found;
}

// A board's facilitator link (with its key) is never replaced by a weaker link of the same
// board: a new session that opened the participant link does not know the browser's key yet.
function weaker(entry, over) {
  return over !== undefined && over.link && over.link.key && entry.link
    && !entry.link.key;
}

export default function memory(component) {
  const known = (component.data && component.data.memory) || {};
  let storage;
  let stored;
  try {
    storage = window.localStorage;
    stored = readAll(storage);
  } catch (error) {
    return; // local storage is switched off: the session alone remembers, until it ends
  }
  for (const [name, entry] of Object.entries(known)) {
    const here = stored[name];
    if ((here === undefined || entry.at > here.at) && !weaker(entry, here)) {
      try {
        storage.setItem(name, JSON.stringify(entry));
        stored[name] = entry;
      } catch (error) {
        // storage full or refused: what the session knows stays in the session
      }
    }
  }
  const newer = Object.entries(stored).some(([name, entry]) => {
    const mine = known[name];
    return mine === undefined || entry.at > mine.at || weaker(mine, entry)
      || (entry.at === mine.at && canonical(entry) !== canonical(mine));
  });
  const news = canonical(stored);
  if (newer && news !== reported) {
    reported = news;
    component.setTriggerValue("memory", stored);
  }
}
