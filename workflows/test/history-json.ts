// Workflow histories as proto3 JSON, the format `temporal workflow show
// --output json` writes. @temporalio/common's historyToJSON/historyFromJSON do
// the same, but with this lockfile they load a second copy of protobufjs
// (nested under @temporalio/common) whose protojson rejects the History type
// built by @temporalio/proto's copy ("type must be a Type"). So protojson is
// taken from the protobufjs that @temporalio/proto itself resolves.
import { createRequire } from 'node:module';
import type * as Proto from '@temporalio/proto';

type History = Proto.temporal.api.history.v1.IHistory;
interface ProtoJson {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options?: { ignoreUnknownFields?: boolean }): unknown;
}

// Loaded as CommonJS, as @temporalio/common loads them: the root patch walks the module object itself.
const require = createRequire(import.meta.url);
const proto = require('@temporalio/proto') as typeof Proto;
const { patchProtobufRoot } = require('@temporalio/proto/lib/patch-protobuf-root') as { patchProtobufRoot(root: unknown): { lookupType(name: string): unknown } };
const protojson = createRequire(require.resolve('@temporalio/proto'))('protobufjs/ext/protojson') as ProtoJson;
const historyType = patchProtobufRoot(proto).lookupType('temporal.api.history.v1.History');

export function historyToJson(history: History): unknown {
  return protojson.toJson(historyType, proto.temporal.api.history.v1.History.fromObject(history));
}

export function historyFromJson(json: unknown): History {
  return protojson.fromJson(historyType, json, { ignoreUnknownFields: true }) as History;
}

/** What must never reach a history (design rule 1): the recorder refuses to write, and the replay test fails on, a history holding it. */
export const secretPattern = /passphrase|private.?key|BEGIN [A-Z ]*PRIVATE KEY|naskah-demo-ttd/i; // the last: the seed's demo signing passphrase

/** The history's text with every payload's data decoded (payloads are base64 in proto JSON, so a plain grep misses them). */
export function readableHistory(json: unknown): string {
  const decoded: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if ((key === 'data' || key === 'encoding') && typeof inner === 'string') decoded.push(Buffer.from(inner, 'base64').toString('utf8'));
        else walk(inner);
      }
    }
  };
  walk(json);
  return `${JSON.stringify(json)}\n${decoded.join('\n')}`;
}
