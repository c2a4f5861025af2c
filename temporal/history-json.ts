import path from 'node:path';
import * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';

/** A workflow history as the SDK's client and replayer use it. */
export type History = proto.temporal.api.history.v1.IHistory;

interface ProtoJson {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options?: { ignoreUnknownFields?: boolean }): unknown;
}

/**
 * protobufjs' JSON codec from the copy @temporalio/proto itself is built with. The SDK's own
 * historyToJSON/historyFromJSON (@temporalio/common/lib/proto-utils) import protobufjs from
 * @temporalio/common, and when npm installs two copies (as it does beside protobufjs 7 at the
 * top level) its `instanceof Type` check fails with "type must be a Type".
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the path is resolved at run time
const protoJson: ProtoJson = require(require.resolve('protobufjs/ext/protojson', { paths: [path.dirname(require.resolve('@temporalio/proto'))] }));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const historyType = (patchProtobufRoot(proto) as any).lookupType('temporal.api.history.v1.History');

/** A history as proto3 JSON, the form `temporal workflow show --output json` prints. */
export function historyToJSON(history: History): string {
  return JSON.stringify(protoJson.toJson(historyType, proto.temporal.api.history.v1.History.fromObject(history)), null, 1);
}

/** Parses a proto3 JSON history (from historyToJSON or the Temporal CLI). */
export function historyFromJSON(json: unknown): History {
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { events?: unknown }).events)) {
    throw new TypeError('not a workflow history: expected an object with an array of events');
  }
  return protoJson.fromJson(historyType, json, { ignoreUnknownFields: true }) as History;
}
