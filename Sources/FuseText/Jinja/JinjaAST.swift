/// Expressions of the Jinja subset (jinja2's node types, reduced to what chat templates use).
indirect enum JinjaExpr {
    case constant(JinjaValue)
    case name(String, line: Int)
    case list([JinjaExpr])
    case tuple([JinjaExpr])
    case dict([(JinjaExpr, JinjaExpr)])
    case getattr(JinjaExpr, String, line: Int)
    case getitem(JinjaExpr, JinjaExpr, line: Int)
    case slice(start: JinjaExpr?, stop: JinjaExpr?, step: JinjaExpr?)
    case call(JinjaExpr, JinjaCallArgs, line: Int)
    case filter(JinjaExpr, name: String, JinjaCallArgs, line: Int)
    case test(JinjaExpr, name: String, JinjaCallArgs, line: Int)
    case not(JinjaExpr)
    case negate(JinjaExpr, line: Int)
    case plus(JinjaExpr, line: Int)
    case binary(op: String, JinjaExpr, JinjaExpr, line: Int)
    case and(JinjaExpr, JinjaExpr)
    case or(JinjaExpr, JinjaExpr)
    case concat([JinjaExpr])
    case compare(JinjaExpr, [(op: String, JinjaExpr)], line: Int)
    case conditional(test: JinjaExpr, then: JinjaExpr, otherwise: JinjaExpr?)
}

/// Arguments of a call, filter or test as written in the template.
struct JinjaCallArgs {
    var positional: [JinjaExpr] = []
    var keywords: [(String, JinjaExpr)] = []
    var starArgs: JinjaExpr? = nil
    var starKwargs: JinjaExpr? = nil
}

/// The left side of `set` / `for`: a name, a namespace attribute, or a tuple of names.
indirect enum JinjaTarget {
    case name(String)
    case attribute(String, String)
    case tuple([JinjaTarget])
}

/// A macro's parameter list and body, shared by `{% macro %}` and `{% call %}` blocks.
struct JinjaMacroDefinition {
    var name: String
    var parameters: [(String, JinjaExpr?)]
    var body: [JinjaNode]
}

/// Statements and template text.
indirect enum JinjaNode {
    case text(String)
    case output(JinjaExpr, line: Int)
    case forLoop(target: JinjaTarget, iterable: JinjaExpr, condition: JinjaExpr?, body: [JinjaNode], otherwise: [JinjaNode], recursive: Bool, line: Int)
    case ifBlock(test: JinjaExpr, body: [JinjaNode], otherwise: [JinjaNode])
    case set(JinjaTarget, JinjaExpr, line: Int)
    case setBlock(JinjaTarget, filters: [(String, JinjaCallArgs)], body: [JinjaNode], line: Int)
    case macro(JinjaMacroDefinition)
    case callBlock(call: JinjaExpr, caller: JinjaMacroDefinition, line: Int)
    case filterBlock(filters: [(String, JinjaCallArgs)], body: [JinjaNode], line: Int)
    case with(assignments: [(JinjaTarget, JinjaExpr)], body: [JinjaNode], line: Int)
    case breakLoop(line: Int)
    case continueLoop(line: Int)
}
