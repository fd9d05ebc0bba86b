// gzip for responses and request bodies, through the system zlib. Each worker queue owns one
// codec and reuses its two streams (deflateReset/inflateReset): setting a stream up costs far
// more than compressing a small JSON body. The streams live at fixed heap addresses because zlib
// checks that a stream has not moved between calls.

import CZlib

/// Confined to its worker's queue, like the connections that use it.
final class GzipCodec {
    /// Bodies smaller than this are sent as they are: compressing them saves little and costs time.
    static let minimumSize = 1024

    private let deflater = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private let inflater = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private var deflaterReady = false
    private var inflaterReady = false

    init() {
        deflater.initialize(to: z_stream())
        inflater.initialize(to: z_stream())
    }

    deinit {
        if deflaterReady { deflateEnd(deflater) }
        if inflaterReady { inflateEnd(inflater) }
        deflater.deallocate()
        inflater.deallocate()
    }

    /// The gzip encoding of `input`, or nil if zlib fails (the caller then sends it unencoded).
    func compress(_ input: [UInt8]) -> [UInt8]? {
        if deflaterReady {
            guard deflateReset(deflater) == Z_OK else { return nil }
        } else {
            guard capella_deflate_init_gzip(deflater, 6) == Z_OK else { return nil }
            deflaterReady = true
        }
        let bound = Int(deflateBound(deflater, uLong(input.count)))
        var output = [UInt8](repeating: 0, count: bound)
        let produced: Int? = input.withUnsafeBytes { source in
            output.withUnsafeMutableBytes { target in
                deflater.pointee.next_in = UnsafeMutablePointer(mutating: source.bindMemory(to: Bytef.self).baseAddress)
                deflater.pointee.avail_in = uInt(source.count)
                deflater.pointee.next_out = target.bindMemory(to: Bytef.self).baseAddress
                deflater.pointee.avail_out = uInt(target.count)
                // deflateBound guarantees one call with Z_FINISH is enough.
                guard deflate(deflater, Z_FINISH) == Z_STREAM_END else { return nil }
                return target.count - Int(deflater.pointee.avail_out)
            }
        }
        guard let produced else { return nil }
        output.removeLast(output.count - produced)
        return output
    }

    enum Inflated {
        case bytes([UInt8])
        /// Not a valid gzip stream (or cut short).
        case corrupt(String)
        /// It would inflate beyond the limit; inflating stopped there.
        case tooLarge
    }

    /// Inflates a gzip body (several concatenated members allowed), never holding more than
    /// `limit` inflated bytes: a zip bomb is stopped at the limit.
    func decompress(_ input: [UInt8], limit: Int) -> Inflated {
        if inflaterReady {
            guard inflateReset(inflater) == Z_OK else { return .corrupt("the decoder could not be reset") }
        } else {
            guard capella_inflate_init_gzip(inflater) == Z_OK else { return .corrupt("the decoder could not start") }
            inflaterReady = true
        }
        if input.isEmpty { return .corrupt("the body is empty") }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        return input.withUnsafeBytes { source -> Inflated in
            inflater.pointee.next_in = UnsafeMutablePointer(mutating: source.bindMemory(to: Bytef.self).baseAddress)
            inflater.pointee.avail_in = uInt(source.count)
            while true {
                let (status, produced) = chunk.withUnsafeMutableBytes { target -> (Int32, Int) in
                    inflater.pointee.next_out = target.bindMemory(to: Bytef.self).baseAddress
                    inflater.pointee.avail_out = uInt(target.count)
                    let status = inflate(inflater, Z_NO_FLUSH)
                    return (status, target.count - Int(inflater.pointee.avail_out))
                }
                if output.count + produced > limit { return .tooLarge }
                output.append(contentsOf: chunk[..<produced])
                switch status {
                case Z_OK:
                    continue
                case Z_STREAM_END:
                    // Another gzip member may follow; anything else after the end is an error.
                    if inflater.pointee.avail_in == 0 { return .bytes(output) }
                    guard inflateReset(inflater) == Z_OK else { return .corrupt("the decoder could not be reset") }
                case Z_BUF_ERROR where inflater.pointee.avail_in == 0:
                    return .corrupt("the gzip stream is cut short")
                default:
                    let reason = inflater.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                    return .corrupt(reason)
                }
            }
        }
    }

    /// Whether a request's Accept-Encoding admits gzip. Several Accept-Encoding fields count as
    /// one comma-separated list, in order (RFC 9110, 5.3).
    static func acceptsGzip(_ headers: HTTPHeaders) -> Bool {
        let values = headers.values(for: "Accept-Encoding")
        return acceptsGzip(values.count <= 1 ? values.first : values.joined(separator: ","))
    }

    /// Whether an Accept-Encoding header value admits gzip ("gzip", "x-gzip" or "*", and not q=0).
    /// Read on the header's bytes: most clients send one on every request.
    static func acceptsGzip(_ header: String?) -> Bool {
        guard var header else { return false }
        return header.withUTF8 { bytes in
            var wildcard = false
            var verdict: Bool?
            ASCII.forEachListElement(bytes, 0..<bytes.count) { item in
                guard verdict == nil else { return }
                // "coding;name=value;...": the first part names the coding, a q=0 refuses it.
                var coding: Range<Int>?
                var refused = false
                ASCII.forEachListElement(bytes, item, separator: ASCII.semicolon) { part in
                    guard coding != nil else { coding = part; return }
                    guard part.count >= 2, bytes[part.lowerBound] | 0x20 == UInt8(ascii: "q"),
                          bytes[part.lowerBound + 1] == UInt8(ascii: "=") else { return }
                    let weight = String(decoding: UnsafeBufferPointer(rebasing: bytes[(part.lowerBound + 2)..<part.upperBound]), as: UTF8.self)
                    if (Double(weight) ?? 1) <= 0 { refused = true }
                }
                guard let coding else { return }
                if ASCII.equalsLowercase(bytes, coding, "gzip") || ASCII.equalsLowercase(bytes, coding, "x-gzip") {
                    verdict = !refused
                } else if coding.count == 1 && bytes[coding.lowerBound] == UInt8(ascii: "*") {
                    wildcard = !refused
                }
            }
            return verdict ?? wildcard
        }
    }
}

extension Substring {
    func trimmingASCIIWhitespace() -> Substring {
        var view = self
        while let first = view.first, first == " " || first == "\t" { view = view.dropFirst() }
        while let last = view.last, last == " " || last == "\t" { view = view.dropLast() }
        return view
    }
}
