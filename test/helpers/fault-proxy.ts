/**
 * A fault-injection proxy for tests: loopback only, between the CLI and the real server.
 * Each incoming request takes the next planned fault (or passes through when the plan is empty).
 * Faults: 503 with Retry-After, reset mid-response, stall past the client's timeout (bounded),
 * truncate a JSON body, refuse (close the connection at once), trickle (the real response, one byte
 * every `trickleMs`, 2 s by default). `stop()` frees the port so that
 * a later connection is refused outright.
 */
import {createServer, request, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import {createServer as createTlsServer} from 'node:https'
import type {AddressInfo, Socket} from 'node:net'

export type Fault = 'pass' | '503' | 'reset' | 'stall' | 'truncate' | 'refuse' | 'trickle'

export interface ProxyLog {
  method: string
  path: string
  fault: Fault
}

export class FaultProxy {
  private server: Server | undefined
  private plan: Fault[] = []
  private readonly sockets = new Set<Socket>()
  readonly log: ProxyLog[] = []
  port = 0

  constructor(
    private readonly upstream: URL,
    private readonly options: {
      stallMs?: number
      retryAfterSeconds?: number
      trickleMs?: number
      tls?: {key: string; cert: string}
    } = {},
  ) {}

  /** Faults for the next requests, in order (optionally only for requests whose path matches). */
  next(...faults: Fault[]): this {
    this.plan.push(...faults)
    return this
  }

  /** Forgets the faults not yet used and the request log. */
  clear(): this {
    this.plan = []
    this.log.length = 0
    return this
  }

  get url(): string {
    return `${this.options.tls ? 'https' : 'http'}://localhost:${this.port}/api`
  }

  async start(): Promise<this> {
    const handler = (req: IncomingMessage, res: ServerResponse) => this.handle(req, res)
    this.server = this.options.tls ? createTlsServer(this.options.tls, handler) : createServer(handler)
    this.server.on('connection', (socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
    await new Promise<void>((resolve) => this.server!.listen(this.port, 'localhost', resolve))
    this.port = (this.server.address() as AddressInfo).port
    return this
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy()
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
    this.server = undefined
  }

  /** Requests the proxy saw for a method and path prefix (e.g. to count starts). */
  seen(method: string, pathPrefix: string): ProxyLog[] {
    return this.log.filter((l) => l.method === method && l.path.startsWith(pathPrefix))
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const fault = this.plan.shift() ?? 'pass'
    this.log.push({method: req.method ?? '?', path: req.url ?? '', fault})
    if (fault === 'refuse') {
      req.socket.destroy()
      return
    }
    if (fault === '503') {
      req.resume()
      res.writeHead(503, {
        'retry-after': String(this.options.retryAfterSeconds ?? 0),
        'content-type': 'application/json',
      })
      res.end(JSON.stringify({status: 503, message: 'injected: service unavailable'}))
      return
    }
    if (fault === 'stall') {
      req.resume()
      const timer = setTimeout(() => req.socket.destroy(), this.options.stallMs ?? 10_000)
      req.socket.on('close', () => clearTimeout(timer))
      return
    }
    const upstream = request(
      new URL(req.url ?? '/', this.upstream),
      {method: req.method, headers: {...req.headers, host: this.upstream.host}},
      (up) => {
        const chunks: Buffer[] = []
        up.on('data', (c: Buffer) => chunks.push(c))
        up.on('end', () => {
          const body = Buffer.concat(chunks)
          const headers = {...up.headers}
          delete headers['transfer-encoding']
          if (fault === 'reset') {
            res.writeHead(up.statusCode ?? 502, {...headers, 'content-length': String(body.length)})
            res.write(body.subarray(0, Math.floor(body.length / 2)))
            setTimeout(() => req.socket.resetAndDestroy(), 20)
          } else if (fault === 'trickle') {
            res.writeHead(up.statusCode ?? 502, {...headers, 'content-length': String(body.length)})
            let sent = 0
            const timer = setInterval(() => {
              if (sent >= body.length || res.destroyed) {
                clearInterval(timer)
                res.end()
                return
              }
              res.write(body.subarray(sent, ++sent))
            }, this.options.trickleMs ?? 2000)
            res.on('close', () => clearInterval(timer))
          } else if (fault === 'truncate') {
            const cut = body.subarray(0, Math.max(1, Math.floor(body.length / 2)))
            res.writeHead(up.statusCode ?? 502, {...headers, 'content-length': String(cut.length)})
            res.end(cut)
          } else {
            res.writeHead(up.statusCode ?? 502, {...headers, 'content-length': String(body.length)})
            res.end(body)
          }
        })
      },
    )
    upstream.on('error', () => res.destroy())
    req.pipe(upstream)
  }
}
