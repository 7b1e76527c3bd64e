// The low-level surface for servers: the engine, its event kinds, lazy head views and the
// known-header table (re-exported as `lowLevel` from windhover/parser).
export {
  H1Engine, EVENT_NONE, EVENT_HEAD, EVENT_BODY, EVENT_END, EVENT_UPGRADE, EVENT_H2_PREFACE, EVENT_ERROR,
} from './low-level.js';
export { HeadView, HEADER_IDS, headerId } from './head-view.js';
export {
  HEADER_NAMES, METHOD_NAMES, ERROR_NAMES, ERROR_STATUS, PROGRESS_IDLE, PROGRESS_HEAD, PROGRESS_BODY,
  PROGRESS_STOPPED,
} from './generated.js';
export { getRuntime, type Runtime } from './runtime.js';
export { resolveOptions } from './options.js';
