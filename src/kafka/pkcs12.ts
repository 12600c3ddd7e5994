/**
 * Reads a PKCS#12 keystore (RFC 7292) into the client identity TLS needs: the private key and its
 * certificate chain. Node's `pfx` option would do this too, but it also trusts every CA certificate
 * found in the store for verifying the server: a client keystore that bundles a CA would make ktk
 * trust brokers the user never chose to trust. Trust comes only from the CA the user names.
 */
import {
  createDecipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  type KeyObject,
  pbkdf2Sync,
  timingSafeEqual,
  X509Certificate,
} from 'node:crypto'
import { KtkError } from '../core/errors.js'

export interface ClientIdentity {
  /** PKCS#8 PEM. */
  key: string
  /** The client certificate, then the intermediates that issued it (PEM), never a self-signed root. */
  cert: string
}

const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  safeContentsBag: '1.2.840.113549.1.12.10.1.6',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
}

const HASHES: Record<string, { name: string; block: number }> = {
  '1.3.14.3.2.26': { name: 'sha1', block: 64 },
  '2.16.840.1.101.3.4.2.4': { name: 'sha224', block: 64 },
  '2.16.840.1.101.3.4.2.1': { name: 'sha256', block: 64 },
  '2.16.840.1.101.3.4.2.2': { name: 'sha384', block: 128 },
  '2.16.840.1.101.3.4.2.3': { name: 'sha512', block: 128 },
}

const HMAC_PRFS: Record<string, string> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.8': 'sha224',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
}

const PBES2_CIPHERS: Record<string, { name: string; keyLength: number }> = {
  '2.16.840.1.101.3.4.1.2': { name: 'aes-128-cbc', keyLength: 16 },
  '2.16.840.1.101.3.4.1.22': { name: 'aes-192-cbc', keyLength: 24 },
  '2.16.840.1.101.3.4.1.42': { name: 'aes-256-cbc', keyLength: 32 },
  '1.2.840.113549.3.7': { name: 'des-ede3-cbc', keyLength: 24 },
}

/** PKCS#12's own password-based encryption (SHA-1 key derivation), used by older stores. */
const PKCS12_PBE: Record<string, { name: string; keyLength: number; ivLength: number }> = {
  '1.2.840.113549.1.12.1.3': { name: 'des-ede3-cbc', keyLength: 24, ivLength: 8 },
  '1.2.840.113549.1.12.1.4': { name: 'des-ede-cbc', keyLength: 16, ivLength: 8 },
  '1.2.840.113549.1.12.1.5': { name: 'rc2-cbc', keyLength: 16, ivLength: 8 },
  '1.2.840.113549.1.12.1.6': { name: 'rc2-40-cbc', keyLength: 5, ivLength: 8 },
}

const cannotOpen = (reason: string, hints: string[] = []) =>
  new KtkError('TLS_FAILED', `cannot open the PKCS#12 keystore: ${reason}`, { hints })

const WRONG_PASSWORD = () =>
  cannotOpen('the password is wrong (or the file is damaged)', [
    'check the keystore password (--keystore-password on ktk context add, or ssl.keystore.password)',
  ])

/** The private key and certificate chain of a PKCS#12 keystore. */
export function readPkcs12(pfx: Buffer, password = ''): ClientIdentity {
  let keys: KeyObject[]
  let certs: X509Certificate[]
  try {
    ;({ keys, certs } = readStore(pfx, password))
  } catch (error) {
    if (error instanceof KtkError) throw error
    if (/bad decrypt|wrong final block/i.test((error as Error)?.message ?? '')) throw WRONG_PASSWORD()
    throw cannotOpen(`it is not a PKCS#12 file ktk can read (${(error as Error)?.message ?? error})`)
  }
  if (keys.length === 0) {
    throw cannotOpen('it holds no private key', [
      'a client keystore holds the client key and certificate; a truststore (CA certificates only) goes in --ca-file as PEM',
    ])
  }
  for (const key of keys) {
    const leaf = certs.find((c) => c.checkPrivateKey(key))
    if (leaf) {
      return {
        key: key.export({ format: 'pem', type: 'pkcs8' }).toString(),
        cert: chainOf(leaf, certs)
          .map((c) => c.toString())
          .join(''),
      }
    }
  }
  throw cannotOpen('it holds no certificate for its private key')
}

/** The leaf, then each certificate that issued the previous one, up to (not including) a self-signed root. */
function chainOf(leaf: X509Certificate, certs: readonly X509Certificate[]): X509Certificate[] {
  const chain = [leaf]
  for (;;) {
    const last = chain[chain.length - 1]!
    if (selfSigned(last)) return chain
    const issuer = certs.find((c) => !chain.includes(c) && last.checkIssued(c) && last.verify(c.publicKey))
    if (!issuer || selfSigned(issuer)) return chain
    chain.push(issuer)
  }
}

const selfSigned = (c: X509Certificate) => c.checkIssued(c) && c.verify(c.publicKey)

function readStore(pfx: Buffer, password: string): { keys: KeyObject[]; certs: X509Certificate[] } {
  const [, authSafe, macData] = readDer(pfx).children
  if (!authSafe || oid(authSafe.child(0)) !== OID.data) throw new Error('no authenticated safe')
  const authSafeBytes = authSafe.child(1).child(0).octets()
  if (macData) verifyMac(macData, authSafeBytes, password)
  const keys: KeyObject[] = []
  const certs: X509Certificate[] = []
  const readBags = (safeContents: Der) => {
    for (const bag of safeContents.children) {
      const type = oid(bag.child(0))
      const value = bag.child(1).child(0)
      if (type === OID.keyBag) keys.push(createPrivateKey({ key: value.raw, format: 'der', type: 'pkcs8' }))
      else if (type === OID.shroudedKeyBag) {
        const plain = decrypt(value.child(0), value.child(1).octets(), password)
        keys.push(createPrivateKey({ key: plain, format: 'der', type: 'pkcs8' }))
      } else if (type === OID.certBag && oid(value.child(0)) === OID.x509Certificate) {
        certs.push(new X509Certificate(value.child(1).child(0).octets()))
      } else if (type === OID.safeContentsBag) readBags(value)
    }
  }
  for (const contentInfo of readDer(authSafeBytes).children) {
    const type = oid(contentInfo.child(0))
    if (type === OID.data) readBags(readDer(contentInfo.child(1).child(0).octets()))
    else if (type === OID.encryptedData) {
      const encryptedContentInfo = contentInfo.child(1).child(0).child(1)
      const algorithm = encryptedContentInfo.child(1)
      readBags(readDer(decrypt(algorithm, encryptedContentInfo.child(2).octets(), password)))
    } else throw cannotOpen(`its content type ${type} is not supported (public-key encrypted stores are not)`)
  }
  return { keys, certs }
}

/** The integrity check (a password-keyed HMAC): a mismatch means a wrong password. */
function verifyMac(macData: Der, content: Buffer, password: string): void {
  const digestInfo = macData.child(0)
  const hash = HASHES[oid(digestInfo.child(0).child(0))]
  if (!hash) return // e.g. PBMAC1: the decryption below still catches a wrong password
  const salt = macData.child(1).octets()
  const iterations = macData.children[2] ? integer(macData.child(2)) : 1
  const length = createHash(hash.name).digest().length
  const key = pkcs12Kdf(hash.name, hash.block, password, salt, 3, iterations, length)
  const mac = createHmac(hash.name, key).update(content).digest()
  const expected = digestInfo.child(1).octets()
  if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) throw WRONG_PASSWORD()
}

function decrypt(algorithm: Der, data: Buffer, password: string): Buffer {
  const algorithmOid = oid(algorithm.child(0))
  const params = algorithm.child(1)
  if (algorithmOid === OID.pbes2) {
    const kdf = params.child(0)
    const scheme = params.child(1)
    if (oid(kdf.child(0)) !== OID.pbkdf2) throw cannotOpen('its key derivation is not PBKDF2')
    const kdfParams = kdf.child(1).children
    const salt = kdfParams[0]!.octets()
    const iterations = integer(kdfParams[1]!)
    const prfNode = kdfParams.find((n) => n.tag === 0x30)
    const prf = prfNode ? HMAC_PRFS[oid(prfNode.child(0))] : 'sha1'
    const cipher = PBES2_CIPHERS[oid(scheme.child(0))]
    if (!prf || !cipher) throw cannotOpen('it is encrypted with an algorithm ktk does not read', CONVERT)
    const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, cipher.keyLength, prf)
    return decipher(cipher.name, key, scheme.child(1).octets(), data)
  }
  const pbe = PKCS12_PBE[algorithmOid]
  if (!pbe) throw cannotOpen(`it is encrypted with an algorithm ktk does not read (${algorithmOid})`, CONVERT)
  const salt = params.child(0).octets()
  const iterations = integer(params.child(1))
  const key = pkcs12Kdf('sha1', 64, password, salt, 1, iterations, pbe.keyLength)
  const iv = pkcs12Kdf('sha1', 64, password, salt, 2, iterations, pbe.ivLength)
  return decipher(pbe.name, key, iv, data)
}

const CONVERT = [
  'convert it to AES: openssl pkcs12 -in old.p12 -nodes | openssl pkcs12 -export -out new.p12 (add -legacy to the first command for RC2 stores)',
]

function decipher(name: string, key: Buffer, iv: Buffer, data: Buffer): Buffer {
  let d: ReturnType<typeof createDecipheriv>
  try {
    d = createDecipheriv(name, key, iv)
  } catch {
    // OpenSSL 3 keeps RC2 (old stores' certificate encryption) in its legacy provider, off in Node.
    throw cannotOpen(`it is encrypted with ${name.toUpperCase()}, which this Node.js cannot decrypt`, CONVERT)
  }
  return Buffer.concat([d.update(data), d.final()])
}

/** RFC 7292 appendix B.2: PKCS#12's key derivation (id 1 key, 2 IV, 3 MAC key), password as BMPString. */
export function pkcs12Kdf(
  hash: string,
  v: number,
  password: string,
  salt: Buffer,
  id: number,
  iterations: number,
  length: number,
): Buffer {
  const bmp = Buffer.from(`${password}\0`, 'utf16le').swap16()
  const fill = (b: Buffer) => {
    if (b.length === 0) return b
    const out = Buffer.alloc(v * Math.ceil(b.length / v))
    for (let i = 0; i < out.length; i++) out[i] = b[i % b.length]!
    return out
  }
  const I = Buffer.concat([fill(salt), fill(bmp)])
  const D = Buffer.alloc(v, id)
  const out: Buffer[] = []
  let produced = 0
  while (produced < length) {
    let A = createHash(hash).update(D).update(I).digest()
    for (let i = 1; i < iterations; i++) A = createHash(hash).update(A).digest()
    out.push(A)
    produced += A.length
    const B = Buffer.alloc(v)
    for (let i = 0; i < v; i++) B[i] = A[i % A.length]!
    for (let j = 0; j < I.length; j += v) {
      let carry = 1
      for (let k = v - 1; k >= 0; k--) {
        const sum = I[j + k]! + B[k]! + carry
        I[j + k] = sum & 0xff
        carry = sum >> 8
      }
    }
  }
  return Buffer.concat(out).subarray(0, length)
}

/** A DER (or BER, with indefinite lengths) value: its tag, its content, its children when constructed. */
class Der {
  constructor(
    readonly tag: number,
    /** The whole encoding, header included. */
    readonly raw: Buffer,
    readonly content: Buffer,
    private readonly parts?: Der[],
  ) {}

  get constructed(): boolean {
    return (this.tag & 0x20) !== 0
  }

  get children(): Der[] {
    if (this.parts) return this.parts
    const out: Der[] = []
    for (let at = 0; at < this.content.length; ) {
      const { der, end } = readTlv(this.content, at)
      out.push(der)
      at = end
    }
    return out
  }

  child(i: number): Der {
    const c = this.children[i]
    if (!c) throw new Error(`a value is missing (item ${i} of tag ${this.tag.toString(16)})`)
    return c
  }

  /** An OCTET STRING's bytes; a constructed one (BER) is the concatenation of its parts. */
  octets(): Buffer {
    return this.constructed ? Buffer.concat(this.children.map((c) => c.octets())) : this.content
  }
}

function readDer(buf: Buffer): Der {
  return readTlv(buf, 0).der
}

function readTlv(buf: Buffer, at: number): { der: Der; end: number } {
  if (at + 2 > buf.length) throw new Error('truncated')
  const tag = buf[at]!
  if ((tag & 0x1f) === 0x1f) throw new Error('a multi-byte tag')
  let length = buf[at + 1]!
  let start = at + 2
  if (length === 0x80) {
    // Indefinite length (BER): children up to an end-of-contents marker.
    const parts: Der[] = []
    let cursor = start
    while (!(buf[cursor] === 0 && buf[cursor + 1] === 0)) {
      if (cursor >= buf.length) throw new Error('truncated')
      const { der, end } = readTlv(buf, cursor)
      parts.push(der)
      cursor = end
    }
    return {
      der: new Der(tag, buf.subarray(at, cursor + 2), buf.subarray(start, cursor), parts),
      end: cursor + 2,
    }
  }
  if (length & 0x80) {
    const bytes = length & 0x7f
    if (bytes > 4) throw new Error('a length too large')
    length = 0
    for (let i = 0; i < bytes; i++) length = length * 256 + buf[start + i]!
    start += bytes
  }
  const end = start + length
  if (end > buf.length) throw new Error('truncated')
  return { der: new Der(tag, buf.subarray(at, end), buf.subarray(start, end)), end }
}

function oid(node: Der): string {
  if (node.tag !== 0x06) throw new Error('an object identifier was expected')
  const b = node.content
  const parts = [Math.floor(b[0]! / 40), b[0]! % 40]
  let value = 0
  for (let i = 1; i < b.length; i++) {
    value = value * 128 + (b[i]! & 0x7f)
    if ((b[i]! & 0x80) === 0) {
      parts.push(value)
      value = 0
    }
  }
  return parts.join('.')
}

function integer(node: Der): number {
  if (node.tag !== 0x02) throw new Error('an integer was expected')
  let value = 0
  for (const byte of node.content) value = value * 256 + byte
  return value
}
