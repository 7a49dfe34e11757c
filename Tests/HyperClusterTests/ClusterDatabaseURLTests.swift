import Foundation
import HyperCluster
import PostgresNIO
import Testing

@Suite struct ClusterDatabaseURLTests {
    @Test func parsesEveryPart() throws {
        let url = try ClusterDatabaseURL("postgres://alice:s%40cret@db.example:6543/cluster?sslmode=require")
        #expect(url.user == "alice")
        #expect(url.host == "db.example")
        #expect(url.port == 6543)
        #expect(url.database == "cluster")
        #expect(url.sslMode == .require)
        let configuration = url.clientConfiguration()
        #expect(configuration.password == "s@cret")
        #expect(configuration.host == "db.example")
        #expect(configuration.port == 6543)
    }

    @Test func defaultsPortAndSSLModeAndAcceptsPostgresqlScheme() throws {
        let url = try ClusterDatabaseURL("postgresql://bob@[::1]/hypercube", environment: [:])
        #expect(url.host == "::1")
        #expect(url.port == 5432)
        #expect(url.sslMode == .prefer)
        #expect(url.clientConfiguration().password == nil)
        #expect(url.description == "postgres://bob@[::1]:5432/hypercube?sslmode=prefer")
    }

    @Test func neverShowsThePassword() throws {
        let url = try ClusterDatabaseURL("postgres://alice:hunter2@db:5432/cluster?sslmode=verify-full")
        #expect(!url.description.contains("hunter2"))
        #expect(!String(reflecting: url).contains("hunter2"))
        #expect(url.description == "postgres://alice@db:5432/cluster?sslmode=verify-full")
    }

    @Test func takesThePasswordFromAFileOrTheEnvironment() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cluster-password-\(UUID())")
        try "from-file\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let environment = [ClusterDatabaseURL.passwordEnvironmentVariable: "from-env"]

        let fromFile = try ClusterDatabaseURL("postgres://a@h/d", passwordFile: file.path, environment: environment)
        #expect(fromFile.clientConfiguration().password == "from-file")
        let fromEnvironment = try ClusterDatabaseURL("postgres://a@h/d", environment: environment)
        #expect(fromEnvironment.clientConfiguration().password == "from-env")
        let fromURL = try ClusterDatabaseURL("postgres://a:from-url@h/d", environment: environment)
        #expect(fromURL.clientConfiguration().password == "from-url")
    }

    @Test func reportsAnUnreadablePasswordFile() {
        do {
            _ = try ClusterDatabaseURL("postgres://a@h/d", passwordFile: "/nonexistent/cluster-password")
            Issue.record("a missing password file was accepted")
        } catch {
            #expect(error.code == .passwordUnavailable)
            #expect(error.message.contains("/nonexistent/cluster-password"))
        }
    }

    @Test(arguments: [
        ("mysql://a@h/d", "must start with postgres://"),
        ("postgres://a@h", "names no database"),
        ("postgres://a@h/", "names no database"),
        ("postgres://h:5432/d", "names no user"),
        ("postgres://:pw@h/d", "names no user"),
        ("postgres://a@/d", "names no host"),
        ("postgres://a@h:/d", "port '' is not a number"),
        ("postgres://a@h:abc/d", "port 'abc' is not a number"),
        ("postgres://a@h:70000/d", "port '70000' is not a number"),
        ("postgres://a@[::1/d", "opens '['"),
        ("postgres://a@[::1]x/d", "after the IPv6 host"),
        ("postgres://a@h/d/e", "contains '/'"),
        (
            "postgres://a@h/d?sslmode=sometimes",
            "sslmode 'sometimes' is not one of disable, prefer, require, verify-full"
        ),
        ("postgres://a@h/d?timeout=3", "parameter 'timeout=3' is not supported"),
        ("postgres://a%zz@h/d", "user has an invalid percent escape"),
        ("postgres://a:b@h/d%", "database has an invalid percent escape"),
    ])
    func rejectsEachMalformedPart(url: String, expected: String) {
        do {
            _ = try ClusterDatabaseURL(url, environment: [:])
            Issue.record("\(url) parsed")
        } catch {
            #expect(error.code == .invalidURL)
            #expect(error.message.contains(expected), "\(error.message)")
        }
    }

    @Test func rejectsAPasswordGivenTwice() {
        do {
            _ = try ClusterDatabaseURL("postgres://a:pw@h/d", passwordFile: "/dev/null")
            Issue.record("a password in the URL and a file parsed")
        } catch {
            #expect(error.code == .invalidURL)
            #expect(!error.message.contains("pw@"))
        }
    }
}
