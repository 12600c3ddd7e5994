import type { RawRequest, VersionedRequest } from './codec.js'
import {
  type ApiSchema,
  decodeMessage,
  encodeMessage,
  isFlexible,
  MessageEncodeError,
  versionRange,
} from './message-codec.js'

export interface GeneratedOptions<Res, T> {
  expectResponse?: boolean
  sizeHint?: number
  /** Maps the decoded answer to the module's own result type (the session still sees its throttle time). */
  map?: (response: Res) => T
  deadlineMs?: number
}

/**
 * A generated message as a RawRequest, so that requests moved onto the generated codec go through the
 * session's framing like the hand-written ones. `flexible` there selects both the request header v2 and the
 * response header v1; ApiVersions (whose response header is always v0) is therefore not sent this way.
 */
export function generatedRequest<Req, Res, T = Res>(
  api: ApiSchema<Req, Res>,
  version: number,
  body: Req,
  options: GeneratedOptions<Res, T> = {},
): RawRequest<T> {
  if (api.apiKey === 18)
    throw new MessageEncodeError(api.request.name, version, 'ApiVersions has its own framing')
  const bytes = encodeMessage(api.request, version, body, options.sizeHint)
  const { map } = options
  return {
    apiKey: api.apiKey,
    apiVersion: version,
    apiName: api.name,
    flexible: isFlexible(api.request, version),
    body: (w) => {
      w.bytes(bytes)
    },
    decode: (r, answer) => {
      const response = decodeMessage(api.response, version, r.raw(r.remaining))
      const throttle = (response as { throttleTimeMs?: unknown }).throttleTimeMs
      if (answer && typeof throttle === 'number' && throttle > 0) answer.throttleTimeMs = throttle
      return (map ? map(response) : response) as T
    },
    ...(options.expectResponse === false ? { expectResponse: false } : {}),
    ...(options.deadlineMs !== undefined ? { deadlineMs: options.deadlineMs } : {}),
    sizeHint: bytes.length,
  }
}

/**
 * A request over a generated message in every version ktk can serve (by default every version the
 * definitions have, narrowed by `minVersion`/`maxVersion`); `build` gives the body and the mapping for one.
 */
export function versionedRequest<Req, Res, T>(
  api: ApiSchema<Req, Res>,
  build: (version: number) => { body: Req; map: (response: Res) => T },
  range: { minVersion?: number; maxVersion?: number; needs?: string; deadlineMs?: number } = {},
): VersionedRequest<T> {
  const [min, max] = versionRange(api.request)
  return {
    apiKey: api.apiKey,
    apiName: api.name,
    minVersion: Math.max(min, range.minVersion ?? min),
    maxVersion: Math.min(max, range.maxVersion ?? max),
    ...(range.needs ? { needs: range.needs } : {}),
    ...(range.deadlineMs !== undefined ? { deadlineMs: range.deadlineMs } : {}),
    build: (version) => {
      const { body, map } = build(version)
      return generatedRequest(api, version, body, {
        map,
        ...(range.deadlineMs !== undefined ? { deadlineMs: range.deadlineMs } : {}),
      })
    },
  }
}
