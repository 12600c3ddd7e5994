import type { RawRequest } from './codec.js'
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
