// Baseline: one raw HTTP GET from a bare Node script (what `conductor workflow list` costs at least).
import http from 'node:http'

const url = new URL(process.argv[2])
http
  .get(url, (res) => {
    res.resume()
    res.on('end', () => process.exit(res.statusCode === 200 ? 0 : 1))
  })
  .on('error', () => process.exit(2))
