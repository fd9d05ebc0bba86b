internal import COpenSSL
import Glibc

/// Why a TLS configuration could not be made, as one human-readable line.
public struct TLSConfigurationError: Error, CustomStringConvertible, Equatable, Sendable {
    public let reason: String

    init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}

/// A server certificate (chain) and private key, ready to serve TLS 1.2 and 1.3.
///
/// `@unchecked Sendable`: the only state is an OpenSSL `SSL_CTX` that is fully configured in
/// `init` and never changed afterwards, plus immutable values. OpenSSL supports sharing such a
/// context between threads that each create their own `SSL` objects from it (its reference
/// count and session cache are internally locked).
public final class TLSConfiguration: @unchecked Sendable {
    let context: OpaquePointer
    /// The certificate, followed by any chain certificates it was loaded with, in PEM form
    /// (for `--tls-cert-out`, so that clients can trust it).
    public let certificatePEM: String

    private init(context: OpaquePointer, certificatePEM: String) {
        self.context = context
        self.certificatePEM = certificatePEM
    }

    deinit {
        SSL_CTX_free(context)
    }

    /// PEM files of a certificate (chain: the server certificate first) and its private key
    /// (unencrypted; PKCS#8 or traditional). Both may be the same file.
    public static func load(certificateFile: String, privateKeyFile: String) throws -> TLSConfiguration {
        ERR_clear_error()
        defer { ERR_clear_error() }
        let certificateText = try readFile(certificateFile, what: "certificate")
        let keyText = certificateFile == privateKeyFile ? certificateText : try readFile(privateKeyFile, what: "private key")

        let certificates = try parseCertificates(certificateText, path: certificateFile)
        defer { certificates.forEach { X509_free($0) } }
        let key = try parsePrivateKey(keyText, path: privateKeyFile)
        defer { EVP_PKEY_free(key) }

        if X509_check_private_key(certificates[0], key) != 1 {
            ERR_clear_error()
            throw TLSConfigurationError(
                "the private key in '\(privateKeyFile)' does not match the certificate in '\(certificateFile)'")
        }
        return try make(certificates: certificates, key: key)
    }

    /// A fresh ECDSA P-256 key and a self-signed certificate for DNS:localhost, IP:127.0.0.1
    /// and IP:::1 (plus DNS:`commonName` when that is another host name), made in memory,
    /// valid from an hour ago for one year.
    public static func selfSigned(commonName: String = "localhost") throws -> TLSConfiguration {
        ERR_clear_error()
        defer { ERR_clear_error() }
        let (certificate, key) = try makeSelfSigned(commonName: commonName)
        defer {
            X509_free(certificate)
            EVP_PKEY_free(key)
        }
        return try make(certificates: [certificate], key: key)
    }

    /// Like `selfSigned`, as PEM text of the certificate and its (unencrypted) private key.
    static func selfSignedPEM(commonName: String = "localhost") throws -> (certificate: String, privateKey: String) {
        ERR_clear_error()
        defer { ERR_clear_error() }
        let (certificate, key) = try makeSelfSigned(commonName: commonName)
        defer {
            X509_free(certificate)
            EVP_PKEY_free(key)
        }
        let certificateText = try pemText(of: [certificate])
        let keyText = try withWritingBIO { bio in
            PEM_write_bio_PrivateKey(bio, key, nil, nil, 0, nil, nil) == 1
        }
        return (certificateText, keyText)
    }

    /// A new key and a certificate for it, signed by itself. The caller frees both.
    private static func makeSelfSigned(commonName: String) throws -> (certificate: OpaquePointer, key: OpaquePointer) {
        guard !commonName.isEmpty, commonName.utf8.count <= 64 else {
            throw TLSConfigurationError("invalid common name '\(commonName)': expected 1 to 64 characters")
        }
        guard let key = copenssl_generate_p256_key() else {
            throw TLSConfigurationError("cannot generate a P-256 key: \(OpenSSLErrors.take())")
        }
        guard let certificate = X509_new() else {
            EVP_PKEY_free(key)
            throw TLSConfigurationError("cannot create a certificate: \(OpenSSLErrors.take())")
        }
        do {
            try buildSelfSigned(certificate, key: key, commonName: commonName)
        } catch {
            X509_free(certificate)
            EVP_PKEY_free(key)
            throw error
        }
        return (certificate, key)
    }

    // MARK: - Building the context

    /// The server context: TLS 1.2 and 1.3 only, ECDHE with AEAD ciphers for 1.2 (OpenSSL's
    /// defaults for 1.3), no renegotiation, partial writes from a buffer that may move.
    private static func make(certificates: [OpaquePointer], key: OpaquePointer) throws -> TLSConfiguration {
        guard let context = SSL_CTX_new(TLS_server_method()) else {
            throw TLSConfigurationError("cannot create a TLS context: \(OpenSSLErrors.take())")
        }
        var handedOver = false
        defer { if !handedOver { SSL_CTX_free(context) } }

        guard copenssl_ctx_set_min_proto_version(context, TLS1_2_VERSION) == 1,
              copenssl_ctx_set_max_proto_version(context, TLS1_3_VERSION) == 1 else {
            throw TLSConfigurationError("cannot limit the TLS versions: \(OpenSSLErrors.take())")
        }
        _ = SSL_CTX_set_options(context, copenssl_server_options())
        guard SSL_CTX_set_cipher_list(context, "ECDHE+AESGCM:ECDHE+CHACHA20:!aNULL:!eNULL") == 1 else {
            throw TLSConfigurationError("cannot set the TLS 1.2 ciphers: \(OpenSSLErrors.take())")
        }
        _ = copenssl_ctx_set_mode(context, Int(SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER))

        guard SSL_CTX_use_certificate(context, certificates[0]) == 1 else {
            throw TLSConfigurationError("the certificate was refused: \(OpenSSLErrors.take())")
        }
        for extra in certificates.dropFirst() {
            guard copenssl_ctx_add1_chain_cert(context, extra) == 1 else {
                throw TLSConfigurationError("a chain certificate was refused: \(OpenSSLErrors.take())")
            }
        }
        guard SSL_CTX_use_PrivateKey(context, key) == 1 else {
            throw TLSConfigurationError("the private key was refused: \(OpenSSLErrors.take())")
        }
        guard SSL_CTX_check_private_key(context) == 1 else {
            throw TLSConfigurationError("the private key does not match the certificate: \(OpenSSLErrors.take())")
        }
        let pem = try pemText(of: certificates)
        handedOver = true
        return TLSConfiguration(context: context, certificatePEM: pem)
    }

    private static func buildSelfSigned(_ certificate: OpaquePointer, key: OpaquePointer, commonName: String) throws {
        func check(_ ok: Bool, _ step: String) throws {
            if !ok { throw TLSConfigurationError("cannot make the self-signed certificate (\(step)): \(OpenSSLErrors.take())") }
        }
        try check(X509_set_version(certificate, Int(X509_VERSION_3)) == 1, "version")

        // A random positive 127-bit serial number.
        var serial = [UInt8](repeating: 0, count: 16)
        try check(RAND_bytes(&serial, Int32(serial.count)) == 1, "serial number")
        serial[0] &= 0x7F
        guard let number = BN_bin2bn(serial, Int32(serial.count), nil) else { try check(false, "serial number"); return }
        defer { BN_free(number) }
        try check(BN_to_ASN1_INTEGER(number, X509_get_serialNumber(certificate)) != nil, "serial number")

        var now = time(nil)
        try check(X509_time_adj_ex(X509_getm_notBefore(certificate), 0, -3600, &now) != nil, "validity")
        try check(X509_time_adj_ex(X509_getm_notAfter(certificate), 365, -3600, &now) != nil, "validity")

        let name = X509_get_subject_name(certificate)
        try check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, commonName, -1, -1, 0) == 1, "common name")
        try check(X509_set_issuer_name(certificate, name) == 1, "issuer")
        try check(X509_set_pubkey(certificate, key) == 1, "public key")

        var alternativeNames = "DNS:localhost,IP:127.0.0.1,IP:::1"
        if commonName != "localhost" && isPlainHostName(commonName) {
            alternativeNames += ",DNS:\(commonName)"
        }
        var context = X509V3_CTX()
        X509V3_set_ctx(&context, certificate, certificate, nil, nil, 0)
        let extensions: [(Int32, String)] = [
            (NID_basic_constraints, "critical,CA:FALSE"),
            (NID_key_usage, "critical,digitalSignature"),
            (NID_ext_key_usage, "serverAuth"),
            (NID_subject_key_identifier, "hash"),
            (NID_authority_key_identifier, "keyid:always"),
            (NID_subject_alt_name, alternativeNames),
        ]
        for (nid, value) in extensions {
            guard let ext = X509V3_EXT_conf_nid(nil, &context, nid, value) else {
                try check(false, "extension \(String(cString: OBJ_nid2sn(nid)))")
                return
            }
            defer { X509_EXTENSION_free(ext) }
            try check(X509_add_ext(certificate, ext, -1) == 1, "extension \(String(cString: OBJ_nid2sn(nid)))")
        }
        try check(X509_sign(certificate, key, EVP_sha256()) > 0, "signature")
    }

    /// Letters, digits, '-' and '.' only: safe inside an OpenSSL extension value.
    private static func isPlainHostName(_ text: String) -> Bool {
        text.utf8.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x2D || byte == 0x2E
        } && text.utf8.contains { $0 > 0x39 }  // not only digits and dots (an IPv4 literal)
    }

    // MARK: - PEM

    private static let maxFileBytes = 1 << 20

    /// The whole file, with errno's word for why not.
    private static func readFile(_ path: String, what: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw TLSConfigurationError("cannot read \(what) file '\(path)': \(Socket.errorText(errno))")
        }
        defer { close(fd) }
        var status = stat()
        if fstat(fd, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR {
            throw TLSConfigurationError("cannot read \(what) file '\(path)': \(Socket.errorText(EISDIR))")
        }
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                throw TLSConfigurationError("cannot read \(what) file '\(path)': \(Socket.errorText(errno))")
            }
            data.append(contentsOf: chunk[0..<n])
            if data.count > maxFileBytes {
                throw TLSConfigurationError("\(what) file '\(path)' is larger than \(maxFileBytes) bytes")
            }
        }
        return data
    }

    /// Every certificate in the text, the server's first. Caller frees them.
    private static func parseCertificates(_ text: [UInt8], path: String) throws -> [OpaquePointer] {
        try withMemoryBIO(text) { bio in
            var certificates: [OpaquePointer] = []
            while let certificate = PEM_read_bio_X509(bio, nil, nil, nil) {
                certificates.append(certificate)
            }
            // Running out of PEM blocks ends the loop with "no start line"; anything else is damage.
            let code = ERR_peek_last_error()
            let endOfInput = copenssl_err_get_lib(code) == ERR_LIB_PEM && copenssl_err_get_reason(code) == PEM_R_NO_START_LINE
            if certificates.isEmpty || (code != 0 && !endOfInput) {
                let reason = OpenSSLErrors.take()
                certificates.forEach { X509_free($0) }
                if certificates.isEmpty && endOfInput {
                    throw TLSConfigurationError("no PEM certificate (BEGIN CERTIFICATE) in '\(path)'")
                }
                throw TLSConfigurationError("bad PEM certificate in '\(path)': \(reason)")
            }
            ERR_clear_error()
            return certificates
        }
    }

    /// The first private key in the text. Encrypted keys are refused rather than prompting.
    private static func parsePrivateKey(_ text: [UInt8], path: String) throws -> OpaquePointer {
        // OpenSSL 3 tries every decoder on non-PEM input and only says "unsupported".
        guard containsBytes(text, "PRIVATE KEY-----") else {
            throw TLSConfigurationError("no PEM private key (BEGIN PRIVATE KEY) in '\(path)'")
        }
        return try withMemoryBIO(text) { bio in
            let noPassphrase: @convention(c) (UnsafeMutablePointer<CChar>?, Int32, Int32, UnsafeMutableRawPointer?) -> Int32 = { _, _, _, _ in -1 }
            if let key = PEM_read_bio_PrivateKey(bio, nil, noPassphrase, nil) {
                ERR_clear_error()
                return key
            }
            let code = ERR_peek_last_error()
            let noBlock = copenssl_err_get_lib(code) == ERR_LIB_PEM && copenssl_err_get_reason(code) == PEM_R_NO_START_LINE
            let reason = OpenSSLErrors.take()
            if noBlock {
                throw TLSConfigurationError("no PEM private key (BEGIN PRIVATE KEY) in '\(path)'")
            }
            if text.starts(with: Array("-----BEGIN ENCRYPTED".utf8)) || containsBytes(text, "Proc-Type: 4,ENCRYPTED") {
                throw TLSConfigurationError("the private key in '\(path)' is encrypted; a key without a passphrase is needed")
            }
            throw TLSConfigurationError("bad PEM private key in '\(path)': \(reason)")
        }
    }

    private static func containsBytes(_ haystack: [UInt8], _ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard haystack.count >= pattern.count else { return false }
        for start in 0...(haystack.count - pattern.count) where haystack[start] == pattern[0] {
            if haystack[start..<(start + pattern.count)].elementsEqual(pattern) { return true }
        }
        return false
    }

    private static func withMemoryBIO<Result>(_ data: [UInt8], _ body: (OpaquePointer) throws -> Result) throws -> Result {
        try data.withUnsafeBytes { raw in
            guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else {
                throw TLSConfigurationError("cannot create a memory BIO: \(OpenSSLErrors.take())")
            }
            defer { BIO_free(bio) }
            return try body(bio)
        }
    }

    private static func pemText(of certificates: [OpaquePointer]) throws -> String {
        try withWritingBIO { bio in
            certificates.allSatisfy { PEM_write_bio_X509(bio, $0) == 1 }
        }
    }

    /// What `write` put into a fresh memory BIO, as text.
    private static func withWritingBIO(_ write: (OpaquePointer) -> Bool) throws -> String {
        guard let bio = BIO_new(BIO_s_mem()) else {
            throw TLSConfigurationError("cannot create a memory BIO: \(OpenSSLErrors.take())")
        }
        defer { BIO_free(bio) }
        guard write(bio) else {
            throw TLSConfigurationError("cannot write PEM: \(OpenSSLErrors.take())")
        }
        var data: UnsafeMutablePointer<CChar>?
        let count = copenssl_bio_get_mem_data(bio, &data)
        guard let data, count > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: data, count: count), as: UTF8.self)
    }
}

/// OpenSSL's per-thread error queue turned into text.
enum OpenSSLErrors {
    /// The reasons queued on this thread, oldest first, as one line; empties the queue.
    static func take() -> String {
        var reasons: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            let reason = ERR_reason_error_string(code).map { String(cString: $0) } ?? "error 0x\(String(code, radix: 16))"
            if !reasons.contains(reason) { reasons.append(reason) }
        }
        return reasons.isEmpty ? "unknown OpenSSL error" : reasons.joined(separator: "; ")
    }

    /// The library and reason of the oldest queued error, without removing it.
    static func peekFirst() -> (library: Int32, reason: Int32)? {
        let code = ERR_peek_error()
        guard code != 0 else { return nil }
        return (copenssl_err_get_lib(code), copenssl_err_get_reason(code))
    }
}
