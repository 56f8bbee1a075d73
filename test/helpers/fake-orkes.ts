/**
 * A fake Orkes token server for tests (loopback only): POST /api/token issues `token` for the key,
 * and every other request answers `status` with a message that echoes the token and the key secret
 * it was sent, the way a careless server or proxy might.
 */
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'

export class FakeOrkes {
  private server: Server | undefined
  readonly seen: {method: string; path: string; auth?: string | undefined}[] = []
  lastSecret = ''

  constructor(
    readonly token: string,
    private readonly port: number,
    private readonly status = 403,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}/api`
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let body = ''
      req.on('data', (c: Buffer) => (body += c.toString()))
      req.on('end', () => {
        const auth = req.headers['x-authorization']
        this.seen.push({method: req.method ?? '', path: req.url ?? '', auth: Array.isArray(auth) ? auth[0] : auth})
        res.setHeader('content-type', 'application/json')
        if (req.method === 'POST' && req.url === '/api/token') {
          this.lastSecret = (JSON.parse(body || '{}') as {keySecret?: string}).keySecret ?? ''
          res.end(JSON.stringify({token: this.token}))
          return
        }
        res.statusCode = this.status
        res.end(
          JSON.stringify({
            status: this.status,
            message: `token ${String(auth)} may not ${req.method} ${req.url} (key secret on file: ${this.lastSecret})`,
          }),
        )
      })
    })
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve))
    return this
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
  }
}
