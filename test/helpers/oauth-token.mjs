#!/usr/bin/env node
// A stand-in for an OAuth token tool: prints an unsecured JWT (alg none, which the secure local
// cluster's development validator accepts) for a subject and lifetime, and appends each token it
// hands out to a log file, so tests can count refreshes and look for tokens in ktk's output.
// Usage: oauth-token.mjs <subject> <lifetime seconds> <log file> [json]
import { appendFileSync } from 'node:fs'

const [subject, lifetime, log, form] = process.argv.slice(2)
const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url')
const now = Math.floor(Date.now() / 1000)
const token = `${b64({ alg: 'none' })}.${b64({ sub: subject, iat: now, exp: now + Number(lifetime), jti: Math.random().toString(36).slice(2) })}.`
appendFileSync(log, `${token}\n`)
process.stdout.write(
  form === 'json'
    ? JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: Number(lifetime) })
    : token,
)
