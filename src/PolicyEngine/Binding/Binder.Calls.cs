using PolicyEngine.Diagnostics;
using PolicyEngine.Syntax;
using PolicyEngine.Syntax.Ast;

namespace PolicyEngine.Binding;

internal sealed partial class Binder
{
    private int _expansionDepth;
    private long _expandedNodes;
    private bool _expansionLimitReported;

    private BoundExpr BindCall(CallExpr call, SyntaxTree tree)
    {
        if (_globals.TryGetValue(call.Name, out var symbol) && symbol is FunctionSymbol function) return ExpandFunction(call, tree, function);

        var builtin = Builtins.Find(call.Name);
        if (call.Name is "count" or "sum")
        {
            Report(DiagnosticDescriptors.UnknownFunction, tree, call.NameSpan, call.Name,
                $"; '{call.Name}' ranges over a list: write {call.Name}(x in list: {(call.Name == "count" ? "condition" : "number")})");
            return new BoundError(call, tree);
        }
        if (builtin is null)
        {
            var candidates = Builtins.All.Select(b => b.Name).Concat(_globals.Values.OfType<FunctionSymbol>().Select(f => f.Name)).Append("count").Append("sum");
            var suggestion = Descriptors.Suggestions.Closest(call.Name, candidates);
            Report(DiagnosticDescriptors.UnknownFunction, tree, call.NameSpan, call.Name, suggestion is null ? "" : $"; did you mean '{suggestion}'?");
            return new BoundError(call, tree);
        }
        if (call.Arguments.Count != builtin.Arity)
        {
            Report(DiagnosticDescriptors.WrongArgumentCount, tree, call.Span, call.Name, builtin.Arity, call.Arguments.Count);
            return new BoundError(call, tree);
        }

        // known() accepts objects (is the section present?) and lists as well as values.
        var args = call.Name == "known"
            ? call.Arguments.Select(a => BindExpr(a, tree)).ToList()
            : call.Arguments.Select(a => BindValue(a, tree)).ToList();
        if (args.Any(a => a.IsError())) return new BoundError(call, tree);

        PolicyType? result = call.Name switch
        {
            "known" => args[0].Type.Kind == TypeKind.Table ? Mismatch(args[0], "a fact or value") : PolicyType.Bool,
            "lower" or "upper" or "trim" => Check(args, PolicyType.String) ? PolicyType.String : null,
            "length" => args[0].Type.Kind is TypeKind.String or TypeKind.List ? PolicyType.Number : Mismatch(args[0], "a string or a list"),
            "contains" or "starts_with" or "ends_with" => Check(args, PolicyType.String) ? PolicyType.Bool : null,
            "min" or "max" or "abs" or "floor" or "ceil" or "round" or "log10" => Check(args, PolicyType.Number) ? PolicyType.Number : null,
            "number" => Check(args, PolicyType.Bool) ? PolicyType.Number : null,
            "days" => Check(args, PolicyType.Duration) ? PolicyType.Number : null,
            "year" => Check(args, PolicyType.Date) ? PolicyType.Number : null,
            "if" => Expect(args[0], PolicyType.Bool, "The condition of 'if'") && SameScalar(args[1], args[2], "if", allowLists: true) ? args[1].Type : null,
            _ => null,
        };
        return result is null ? new BoundError(call, tree) : new BoundBuiltinCall(call, tree, result, call.Name, args);

        bool Check(IReadOnlyList<BoundExpr> arguments, PolicyType type)
        {
            var ok = true;
            for (var i = 0; i < arguments.Count; i++) ok &= Expect(arguments[i], type, $"Argument {i + 1} of '{call.Name}'");
            return ok;
        }

        PolicyType? Mismatch(BoundExpr argument, string expected)
        {
            Report(DiagnosticDescriptors.TypeMismatch, tree, argument.Syntax.Span, $"'{call.Name}' takes {expected}, but '{argument.Syntax}' is {Describe(argument.Type)}");
            return null;
        }
    }

    /// <summary>Binds a user function's body with the call's arguments in place of its parameters.</summary>
    private BoundExpr ExpandFunction(CallExpr call, SyntaxTree tree, FunctionSymbol function)
    {
        var parameters = function.Syntax.Parameters;
        if (call.Arguments.Count != parameters.Count)
        {
            Report(DiagnosticDescriptors.WrongArgumentCount, tree, call.Span, call.Name, parameters.Count, call.Arguments.Count);
            return new BoundError(call, tree);
        }
        if (function.Expanding)
        {
            Report(DiagnosticDescriptors.RecursiveDefinition, tree, call.NameSpan, call.Name, "a call inside its own body");
            return new BoundError(call, tree);
        }

        var args = call.Arguments.Select(a => BindValue(a, tree)).ToList();
        if (args.Any(a => a.IsError())) return new BoundError(call, tree);

        if (function.Syntax.Script is not null)
        {
            var script = GetScript(function);
            if (script is null) return new BoundError(call, tree);
            for (var i = 0; i < parameters.Count; i++)
            {
                if (!Expect(args[i], PolicyType.FromName(parameters[i].Type!.Name)!, $"Argument {i + 1} of '{call.Name}' ({parameters[i].Name})")) return new BoundError(call, tree);
            }
            return new BoundScriptCall(call, tree, script, args);
        }

        var scope = new Dictionary<string, BoundExpr>(StringComparer.Ordinal);
        for (var i = 0; i < parameters.Count; i++)
        {
            var declared = parameters[i].Type is { } t ? PolicyType.FromName(t.Name) : null;
            if (declared is not null && !Expect(args[i], declared, $"Argument {i + 1} of '{call.Name}' ({parameters[i].Name})")) return new BoundError(call, tree);
            scope[parameters[i].Name.Name] = new BoundArgument(call.Arguments[i], tree, parameters[i].Name.Name, args[i]);
        }

        // The body sees only its parameters and the global definitions, not the caller's variables.
        var saved = _scopes.ToArray();
        _scopes.Clear();
        _scopes.Push(scope);
        function.Expanding = true;
        var errorsBefore = _diagnostics.Count;
        _expansionDepth++;
        var body = BindValue(function.Syntax.Body, function.Tree);
        _expansionDepth--;
        function.Expanding = false;
        _scopes.Clear();
        foreach (var s in saved.Reverse()) _scopes.Push(s);

        if (_expandedNodes > _limits.MaxExpandedNodes)
        {
            if (_expansionDepth == 0 && !_expansionLimitReported)
            {
                Report(DiagnosticDescriptors.ExpansionTooLarge, tree, call.Span, call.Name, _limits.MaxExpandedNodes);
                _expansionLimitReported = true;
            }
            return new BoundError(call, tree);
        }

        if (body.IsError())
        {
            // Errors found while expanding (e.g. an untyped parameter used the wrong way) point into the function;
            // say where it was called from as well.
            if (_diagnostics.Count > errorsBefore)
            {
                Report(DiagnosticDescriptors.TypeMismatch, tree, call.Span, $"The call of '{call.Name}' does not type-check (see the error in its body)");
            }
            return new BoundError(call, tree);
        }
        if (DeclaredResult(function) is { } result && !Expect(body, result, $"The result of '{call.Name}'")) return new BoundError(call, tree);
        return new BoundFunctionCall(call, tree, function, args, body);
    }

    private static PolicyType? DeclaredResult(FunctionSymbol function) =>
        function.Syntax.ResultType is { } t ? PolicyType.FromName(t.Name) : null;

    /// <summary>A script function's definition: every parameter and the result typed with a type scripts can take.
    /// Checked once; null (with a diagnostic) when the signature is wrong.</summary>
    private Scripting.ScriptDefinition? GetScript(FunctionSymbol function)
    {
        if (function.ScriptChecked) return function.Script;
        function.ScriptChecked = true;
        var syntax = function.Syntax;
        var ok = true;
        var parameters = new List<Scripting.ScriptParameter>();
        foreach (var parameter in syntax.Parameters)
        {
            if (parameter.Type is null)
            {
                Report(DiagnosticDescriptors.ScriptSignature, function.Tree, parameter.Name.Span,
                    $"Parameter '{parameter.Name}' of the script '{function.Name}' needs a type, e.g. {parameter.Name}: number");
                ok = false;
                continue;
            }
            var type = PolicyType.FromName(parameter.Type.Name);
            if (type is null) { ok = false; continue; } // reported as PE0102
            parameters.Add(new Scripting.ScriptParameter(parameter.Name.Name, Scripting.ScriptType.From(type)!));
        }
        if (syntax.ResultType is null)
        {
            Report(DiagnosticDescriptors.ScriptSignature, function.Tree, syntax.Name.Span,
                $"The script '{function.Name}' needs a result type, e.g. fn {function.Name}(…): number = csharp {{ … }}");
            return null;
        }
        var result = PolicyType.FromName(syntax.ResultType.Name);
        if (!ok || result is null) return null;
        return function.Script = new Scripting.ScriptDefinition(function, syntax.Script!, parameters, Scripting.ScriptType.From(result)!, result);
    }
}
