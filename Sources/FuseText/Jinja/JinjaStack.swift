import Foundation

/// Runs parsing and rendering on a thread with a large stack, so that `JinjaLimits.maxDepth`
/// levels of recursion fit whatever thread the caller is on (cooperative-pool threads have small stacks).
enum JinjaStack {
    static let size = 64 << 20

    private final class Box<T>: @unchecked Sendable { var result: Result<T, JinjaError>? }

    static func run<T>(_ body: @escaping () throws(JinjaError) -> T) throws(JinjaError) -> T {
        let box = Box<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.result = Result { () throws(JinjaError) in try body() }
            done.signal()
        }
        thread.stackSize = size
        thread.start()
        done.wait()
        return try box.result!.get()
    }
}
