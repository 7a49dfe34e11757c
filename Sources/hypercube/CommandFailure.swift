import ArgumentParser
import Foundation

/// Prints an error as one `error:` line on standard error and exits with status 1.
func fail(_ error: any Error) -> ExitCode {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    return ExitCode(1)
}
