// MikroORM 7 imports `globSync` from node:fs (Node >= 22). On Node 20 the
// export is missing, which fails at link time even though MikroORM then uses
// tinyglobby. Jest builds node:fs's ESM face from the CommonJS object's keys,
// so defining the property here (a jest setup file) is enough there.
const fs = require('node:fs');
if (typeof fs.globSync !== 'function') {
  fs.globSync = function globSync(patterns, options) {
    const { globSync: tinyGlobSync } = require('tinyglobby');
    return tinyGlobSync(patterns, { cwd: options && options.cwd, expandDirectories: false });
  };
}
