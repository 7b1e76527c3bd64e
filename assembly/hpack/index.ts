// HPACK module entry: re-exports the flat hpack* ABI.
export function hpackVersion(): u32 { return 1; }
