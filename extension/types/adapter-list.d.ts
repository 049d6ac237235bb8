// The adapters' list, built into each bundle by scripts/build-extension.mjs from adapters/*.json.
declare module "safepost:adapter-list" {
  const list: Array<{
    platform: string;
    hosts: string[];
    fields: Array<{ selector: string; surface: string; enter_sends?: boolean | null; [key: string]: unknown }>;
    send_buttons: string[];
    [key: string]: any;
  }>;
  export default list;
}
