import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { Args, Flags } from '@oclif/core'
import { KtkCommand } from '../../base/command.js'
import { canPrompt, withAskedSecrets } from '../../base/prompt.js'
import { checkContextName } from '../../config/context-schema.js'
import { checkContextFile } from '../../config/context-settings.js'
import { ContextStore, contextsPath } from '../../config/context-store.js'
import { readSecret } from '../../config/secrets.js'
import { KtkError } from '../../core/errors.js'
import { registerSecret } from '../../core/redact.js'
import { renderContextView } from '../../output/context-views.js'
import { buildContext, type SecretSource } from '../../services/context-input.js'
import { type AddResult, addContext } from '../../services/contexts.js'

const SECURITY = 'SECURITY'

export default class ContextAdd extends KtkCommand<typeof ContextAdd> {
  static override summary = 'Add (or with --force replace) a context: a cluster, its security and defaults.'
  static override description =
    `A context names a cluster: its bootstrap servers, the environment it is (the naming policy keeps its topics to it), the security settings, a client id and timeouts. Commands use it with --context NAME, KTK_CONTEXT=NAME, or as the current context (ktk context use NAME).

Secrets are references read each time ktk connects: --password env:VAR (an environment variable), file:PATH (a file), or prompt (asked on the terminal, never without one). The secret itself is written into the contexts file only with --store-secret, which reads it once now (from a prompt, stdin, the variable or the file). The file is ~/.config/ktk/contexts.yaml (KTK_CONFIG_DIR or XDG_CONFIG_HOME move it), mode 0600.

--command-config FILE keeps using a Java client properties file you already have: its security settings apply whenever the context does.`
  static override examples = [
    '<%= config.bin %> context add dev --bootstrap-server localhost:9092 --environment dev --use',
    '<%= config.bin %> context add prod -b b1.example:9093,b2.example:9093 --environment prod --sasl-mechanism SCRAM-SHA-512 --username alice --password env:KAFKA_PASSWORD --ca-file /etc/kafka/ca.pem',
    '<%= config.bin %> context add staging --command-config ~/kafka/staging.properties --environment staging',
    '<%= config.bin %> context add cloud -b pkc-123.example:9092 --sasl-mechanism OAUTHBEARER --oauth-token-command "vault read -field=token secret/kafka"',
    '<%= config.bin %> context add edge -b edge:9094 --ca-file ca.pem --cert-file client.pem --key-file client.key',
    'printf %s "$PW" | <%= config.bin %> context add ci -b kafka:9093 --sasl-mechanism PLAIN --username ci --password stdin --store-secret',
  ]
  static override args = {
    name: Args.string({ description: 'Context name: letters, digits, ".", "_" and "-".', required: true }),
  }
  static override flags = {
    'bootstrap-server': Flags.string({ char: 'b', summary: 'Broker address(es), host:port[,host:port].' }),
    environment: Flags.string({ summary: 'The environment this cluster is (dev, test, staging, prod, …).' }),
    'client-id': Flags.string({ summary: 'Client id ktk sends (default ktk).' }),
    timeout: Flags.string({ summary: 'Default --timeout for this cluster, e.g. 30s.' }),
    'connection-timeout': Flags.string({ summary: 'How long to wait for one TCP/TLS connection, e.g. 5s.' }),
    'naming-policy': Flags.string({ summary: 'Naming policy file for this cluster.' }),
    'command-config': Flags.string({
      summary: 'A Java client properties file whose security settings the context uses (secrets stay there).',
      helpGroup: SECURITY,
    }),
    'security-protocol': Flags.string({
      summary:
        'PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL. Default: SASL_SSL with SASL, SSL with TLS flags only.',
      helpGroup: SECURITY,
    }),
    'sasl-mechanism': Flags.string({
      summary: 'PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or OAUTHBEARER.',
      helpGroup: SECURITY,
    }),
    username: Flags.string({ summary: 'SASL user name.', helpGroup: SECURITY }),
    password: Flags.string({
      summary:
        'Where the SASL password comes from: env:VAR, file:PATH, prompt, or stdin (with --store-secret).',
      helpGroup: SECURITY,
    }),
    'oauth-token-command': Flags.string({
      summary: 'OAUTHBEARER: a command whose stdout is the token (refreshed before it expires).',
      helpGroup: SECURITY,
    }),
    'ca-file': Flags.string({
      summary: 'PEM file of the CA(s) to trust (default: the system CAs).',
      helpGroup: SECURITY,
    }),
    'cert-file': Flags.string({ summary: 'Mutual TLS: client certificate (PEM).', helpGroup: SECURITY }),
    'key-file': Flags.string({ summary: 'Mutual TLS: client private key (PEM).', helpGroup: SECURITY }),
    'key-password': Flags.string({
      summary: 'Where the password of an encrypted key comes from: env:VAR, file:PATH, prompt, stdin.',
      helpGroup: SECURITY,
    }),
    'keystore-file': Flags.string({
      summary: 'Mutual TLS: a PKCS#12 keystore with the client certificate and key.',
      helpGroup: SECURITY,
    }),
    'keystore-password': Flags.string({
      summary: 'Where the keystore password comes from: env:VAR, file:PATH, prompt, stdin.',
      helpGroup: SECURITY,
    }),
    'tls-server-name': Flags.string({
      summary: "The name the broker's certificate must carry, when it is not the address.",
      helpGroup: SECURITY,
    }),
    'hostname-check': Flags.boolean({
      summary: "Check that the broker's certificate names the host (--no-hostname-check turns it off).",
      allowNo: true,
      default: true,
      helpGroup: SECURITY,
    }),
    'store-secret': Flags.boolean({
      summary: 'Read the secrets now and keep their values in the contexts file (mode 0600).',
      helpGroup: SECURITY,
    }),
    use: Flags.boolean({ summary: 'Make it the current context.' }),
    force: Flags.boolean({ summary: 'Replace a context of the same name.' }),
  }

  async run(): Promise<AddResult> {
    const name = checkContextName(this.args.name)
    const f = this.flags
    const readNow = new Map<string, string>()
    const context = await withAskedSecrets((ask) =>
      buildContext(
        {
          bootstrapServer: f['bootstrap-server'],
          environment: f.environment,
          clientId: f['client-id'],
          timeout: f.timeout,
          connectionTimeout: f['connection-timeout'],
          namingPolicy: f['naming-policy'],
          commandConfig: f['command-config'],
          securityProtocol: f['security-protocol'],
          saslMechanism: f['sasl-mechanism'],
          username: f.username,
          password: f.password,
          oauthTokenCommand: f['oauth-token-command'],
          caFile: f['ca-file'],
          certFile: f['cert-file'],
          keyFile: f['key-file'],
          keyPassword: f['key-password'],
          keystoreFile: f['keystore-file'],
          keystorePassword: f['keystore-password'],
          tlsServerName: f['tls-server-name'],
          hostnameCheck: f['hostname-check'],
          storeSecret: f['store-secret'],
        },
        (source, what) => {
          // Read once: the build runs again after each secret asked on the terminal.
          const value = readNow.get(what) ?? this.readSecretNow(source, what, ask)
          readNow.set(what, value)
          return value
        },
        (path) => resolve(path),
        checkContextFile,
      ),
    )
    const result = addContext(new ContextStore(contextsPath()), name, context, { force: f.force, use: f.use })
    this.print(renderContextView(result.context, this.mode))
    this.note(
      `\n${result.replaced ? 'Replaced' : 'Added'} context ${name} in ${result.file}${result.current ? ' (the current context)' : `; use it with --context ${name} or: ktk context use ${name}`}`,
    )
    if (result.context.storesSecret)
      this.warning(`the secret of ${name} is stored in ${result.file} (mode 0600)`)
    return result
  }

  /** --store-secret: the secret, read once now. */
  private readSecretNow(source: SecretSource, what: string, ask: (question: string) => string): string {
    let value: string
    if ('stdin' in source) {
      value = readFileSync(0, 'utf8').replace(/\r?\n$/, '')
      if (value === '') throw new KtkError('USAGE', `no ${what} on stdin`)
    } else if ('prompt' in source) {
      if (!canPrompt()) {
        throw new KtkError('USAGE', `the ${what} is asked for on a terminal, and there is none`, {
          hints: ['pipe it in with --password stdin, or refer to it with env:VAR or file:PATH'],
        })
      }
      value = ask(`${what.charAt(0).toUpperCase()}${what.slice(1)}: `)
    } else {
      value = readSecret(source, what, { env: process.env, readFile: (p) => readFileSync(p) })
    }
    registerSecret(value)
    return value
  }
}
