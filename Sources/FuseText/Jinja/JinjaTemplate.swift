import Foundation

/// A compiled Jinja template, configured like the environment transformers uses for chat
/// templates (`ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)` with
/// `loopcontrols`, its own `tojson`, `raise_exception`, `strftime_now`, `namespace` and `dict`).
///
/// ```swift
/// let t = try JinjaTemplate("{% for m in messages %}{{ m.role }}: {{ m.content }}\n{% endfor %}")
/// let text = try t.render(["messages": [["role": "user", "content": "hi"]]])
/// ```
public struct JinjaTemplate {
    let nodes: [JinjaNode]
    public let limits: JinjaLimits

    /// Parses `source`; throws `JinjaError.syntax` with line and column for invalid templates,
    /// including unknown filters and tests (jinja2 rejects those at compile time too).
    public init(_ source: String, limits: JinjaLimits = JinjaLimits()) throws(JinjaError) {
        self.limits = limits
        nodes = try JinjaStack.run { () throws(JinjaError) in
            try JinjaParser.parse(try JinjaLexer.tokenize(source), maxDepth: limits.maxDepth)
        }
    }

    /// Renders with `context` as the template's variables.
    ///
    /// - Parameters:
    ///   - now: the moment `strftime_now` formats (default: the current time).
    ///   - timeZone: the zone that moment is shown in (default: the machine's, as Python's `datetime.now()`).
    public func render(_ context: [String: JinjaValue], now: Date = Date(), timeZone: TimeZone = .current) throws(JinjaError) -> String {
        let nodes = self.nodes, limits = self.limits
        return try JinjaStack.run { () throws(JinjaError) in
            let scope = JinjaScope(parent: nil)
            scope.variables = context
            let interpreter = JinjaInterpreter(limits: limits, now: now, timeZone: timeZone)
            return try interpreter.render(nodes, scope: scope)
        }
    }
}
