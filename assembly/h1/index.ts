// HTTP/1.x parser module entry: re-exports the flat h1* ABI.
const SCRATCH = memory.data(1024, 16);
export function h1Version(): u32 { return load<u8>(SCRATCH) + 1; }
