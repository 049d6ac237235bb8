// The compose-guard adapters (adapters/*.json, in index.json's order), built into each bundle
// that imports this module: the content script needs them before the service worker has answered
// (in the first seconds after the browser starts, to know which fields send on plain Enter), and
// the service worker reads the same list.
import list from "safepost:adapter-list";

export const ADAPTERS = Object.freeze({
  list,
  /**
   * The adapter of a host (one of its hosts, or a subdomain of one), or null.
   * @param {string} host
   */
  forHost(host) {
    return list.find((adapter) => adapter.hosts.some((domain) => host === domain || host.endsWith(`.${domain}`))) ?? null;
  },
});
