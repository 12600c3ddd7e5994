import type { RawRequest, VersionedRequest } from './codec.js'
import {
  type ApiSchema,
  decodeMessage,
  encodeMessage,
  isFlexible,
  MessageEncodeError,
} from './message-codec.js'

/**
 * A generated message as a RawRequest, so that requests moved onto the generated codec go through the
 * session's framing like the hand-written ones. `flexible` there selects both the request header v2 and the
 * response header v1; ApiVersions (whose response header is always v0) is therefore not sent this way.
 */
export function generatedRequest<Req, Res>(
  api: ApiSchema<Req, Res>,
  version: number,
  body: Req,
  options: { expectResponse?: boolean; sizeHint?: number } = {},
): RawRequest<Res> {
  if (api.apiKey === 18)
    throw new MessageEncodeError(api.request.name, version, 'ApiVersions has its own framing')
  const bytes = encodeMessage(api.request, version, body, options.sizeHint)
  return {
    apiKey: api.apiKey,
    apiVersion: version,
    apiName: api.name,
    flexible: isFlexible(api.request, version),
    body: (w) => {
      w.bytes(bytes)
    },
    decode: (r) => decodeMessage(api.response, version, r.raw(r.remaining)),
    ...(options.expectResponse === false ? { expectResponse: false } : {}),
    sizeHint: bytes.length,
  }
}

/**
 * A VersionedRequest over a generated message: the session picks the version, `body` fills the fields that
 * version has, and `result` maps the decoded answer to ktk's own type (so callers never see the versions).
 */
export function generatedVersioned<Req, Res, T>(
  api: ApiSchema<Req, Res>,
  range: { minVersion: number; maxVersion: number; needs?: string },
  body: (version: number) => Req,
  result: (response: Res, version: number) => T,
  options: { expectResponse?: boolean; sizeHint?: number } = {},
): VersionedRequest<T> {
  return {
    apiKey: api.apiKey,
    apiName: api.name,
    ...range,
    build: (version) => {
      const raw = generatedRequest(api, version, body(version), options)
      return { ...raw, decode: (r) => result(raw.decode(r), version) }
    },
  }
}

/** Bytes the codec decoded (views into the response) as a Buffer, without copying them. */
export const asBuffer = (bytes: Uint8Array): Buffer =>
  Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
