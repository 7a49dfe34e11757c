import NIOSSL
public import PostgresNIO

extension ClusterDatabaseURL {
    /// The `PostgresClient` configuration for this URL; `connectTimeout` bounds each connection attempt so
    /// a down database is reported promptly.
    public func clientConfiguration(connectTimeout: Duration = .seconds(3)) -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host,
            port: port,
            username: user,
            password: password,
            database: database,
            tls: tls
        )
        configuration.options.connectTimeout = connectTimeout
        return configuration
    }

    private var tls: PostgresClient.Configuration.TLS {
        switch sslMode {
        case .disable:
            return .disable
        case .prefer:
            return .prefer(Self.unverifiedTLS)
        case .require:
            return .require(Self.unverifiedTLS)
        case .verifyFull:
            return .require(.makeClientConfiguration())
        }
    }

    private static var unverifiedTLS: TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        return configuration
    }
}
