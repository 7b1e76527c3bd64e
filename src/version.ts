// The package version, reported by the optional Server header.
export const VERSION = '0.1.0';
