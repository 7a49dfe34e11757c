extension ClusterDatabaseURL {
    /// How the connection to PostgreSQL uses TLS, named as libpq's `sslmode`.
    public enum SSLMode: String, Sendable, CaseIterable {
        /// Plain TCP.
        case disable
        /// TLS when the server offers it, without verifying its certificate (libpq's default).
        case prefer
        /// TLS always, without verifying the certificate: encrypted, but not protected from impersonation.
        case require
        /// TLS always, the certificate verified against the system's roots and the host name.
        case verifyFull = "verify-full"
    }
}
