import Hummingbird
import HyperJSON
import NIOPosix

/// `GET /v1/flags`, `GET /v1/flags/{name}` and `PUT /v1/flags/{name}` with `{"value": …}`.
struct FlagRoutes {
    let flags: FlagStore
    let access: AccessControl

    func register(on router: Router<ControlPlaneRequestContext>) {
        router.get("/v1/flags") { request, context -> JSONBody in
            try access.requireViewer(request, context: context)
            return JSONBody(["flags": .array(flags.current.all.map(\.json))])
        }
        router.get("/v1/flags/:name") { request, context -> JSONBody in
            try access.requireViewer(request, context: context)
            let name = try context.parameters.require("name")
            do throws(FlagError) {
                return JSONBody(try flags.current.state(named: name).json)
            } catch {
                throw Self.problem(for: error)
            }
        }
        router.put("/v1/flags/:name") { request, context -> JSONBody in
            let principal = try access.requireOperator(request, context: context)
            let name = try context.parameters.require("name")
            _ = try Self.flagExists(name, in: flags)
            let body = try await request.jsonObject()
            if let extra = body.keys.filter({ $0 != "value" }).sorted().first {
                throw ProblemDetails(.badRequest, "unexpected member '\(extra)': the body is {\"value\": …}")
            }
            guard let value = body["value"] else {
                throw ProblemDetails(.badRequest, "the body needs a \"value\" member: {\"value\": …}")
            }
            let store = flags
            do {
                try await NIOThreadPool.singleton.runIfActive {
                    _ = try store.set(name, to: value, by: principal.subject)
                }
            } catch let error as FlagError {
                throw Self.problem(for: error)
            }
            return JSONBody(try flags.current.state(named: name).json)
        }
    }

    /// 404 before the body is read, so an unknown flag is reported whatever the body holds.
    private static func flagExists(_ name: String, in flags: FlagStore) throws(ProblemDetails) -> FlagState {
        do {
            return try flags.current.state(named: name)
        } catch {
            throw problem(for: error)
        }
    }

    static func problem(for error: FlagError) -> ProblemDetails {
        switch error.code {
        case .unknownFlag: ProblemDetails(.notFound, error.message)
        case .invalidValue: .unprocessable(error.message)
        case .persistenceFailed: ProblemDetails(.internalServerError, error.message)
        }
    }
}
