using System.Text.RegularExpressions;
using PolicyEngine.Diagnostics;
using PolicyEngine.Evaluation;
using PolicyEngine.Runtime;
using PolicyEngine.Schema;
using PolicyEngine.Syntax;
using PolicyEngine.Syntax.Ast;

namespace PolicyEngine.Binding;

internal sealed partial class Binder
{
    private int _depth;

    private BoundExpr BindCondition(Expr expr, SyntaxTree tree, bool checkConstant = true)
    {
        var bound = BindExpr(expr, tree);
        Expect(bound, PolicyType.Bool, "A condition");
        return bound;
    }

    /// <summary>Binds an expression used as a value (objects are not values).</summary>
    private BoundExpr BindValue(Expr expr, SyntaxTree tree)
    {
        var bound = BindExpr(expr, tree);
        return RequireValue(bound);
    }

    private BoundExpr RequireValue(BoundExpr bound)
    {
        if (bound.Type.Kind == TypeKind.Object)
        {
            var field = bound.Type.Field!;
            Report(DiagnosticDescriptors.ObjectNotValue, bound.Tree, bound.Syntax.Span, bound.Syntax.ToString(),
                string.Join(", ", field.Children.Keys.Take(4)) + (field.Children.Count > 4 ? ", …" : ""));
            return new BoundError(bound.Syntax, bound.Tree);
        }
        if (bound.Type.Kind == TypeKind.Table)
        {
            Report(DiagnosticDescriptors.TypeMismatch, bound.Tree, bound.Syntax.Span, $"'{bound.Syntax}' is a table; look a row up with {bound.Syntax}[key] or test a key with key in {bound.Syntax}");
            return new BoundError(bound.Syntax, bound.Tree);
        }
        return bound;
    }

    /// <summary>Reports unless the expression has the expected type (errors stay silent).</summary>
    private bool Expect(BoundExpr bound, PolicyType expected, string what)
    {
        if (bound.IsError() || bound.Type.Equals(expected)) return !bound.IsError();
        if (bound.Type.Kind == TypeKind.Object)
        {
            RequireValue(bound);
            return false;
        }
        Report(DiagnosticDescriptors.TypeMismatch, bound.Tree, bound.Syntax.Span,
            $"{what} must be {Describe(expected)}, but '{bound.Syntax}' is {Describe(bound.Type)}");
        return false;
    }

    internal static string Describe(PolicyType type) => type.Kind switch
    {
        TypeKind.Bool => "a boolean",
        TypeKind.Number => "a number",
        TypeKind.String => type.EnumValues is null ? "a string" : "a string",
        TypeKind.Date => "a date",
        TypeKind.Duration => "a duration in days",
        TypeKind.CalendarDuration => "a duration in months or years",
        TypeKind.List => $"a list of {Plural(type.Element!)}",
        TypeKind.Record => $"a record ({type.Shape!.Name})",
        TypeKind.Object => "an object",
        TypeKind.Table => "a table",
        _ => "invalid",
    };

    private static string Plural(PolicyType type) => type.Kind switch
    {
        TypeKind.Bool => "booleans",
        TypeKind.Number => "numbers",
        TypeKind.String => "strings",
        TypeKind.Date => "dates",
        TypeKind.Duration => "durations",
        TypeKind.Record => $"records ({type.Shape!.Name})",
        _ => type.ToString(),
    };

    private BoundExpr BindExpr(Expr expr, SyntaxTree tree)
    {
        // Functions are expanded where they are called, so calls of calls can multiply a pack's size; the limit
        // stops that (ExpandFunction reports it once, at the outermost call).
        if (_expansionDepth > 0 && ++_expandedNodes > _limits.MaxExpandedNodes) return new BoundError(expr, tree);
        if (++_depth > _limits.MaxExpressionDepth * 4)
        {
            // Expansion of nested functions and lets can deepen a tree past what the parser saw.
            _depth--;
            Report(DiagnosticDescriptors.NestingTooDeep, tree, expr.Span, _limits.MaxExpressionDepth);
            return new BoundError(expr, tree);
        }
        try
        {
            return expr switch
            {
                LiteralExpr literal => BindLiteral(literal, tree),
                DurationExpr duration => BindDuration(duration, tree),
                ListExpr list => BindList(list, tree),
                NameExpr name => BindName(name, tree),
                MemberExpr member => BindMember(member, tree),
                IndexExpr index => BindIndex(index, tree),
                CallExpr call => BindCall(call, tree),
                UnaryExpr unary => BindUnary(unary, tree),
                BinaryExpr binary => BindBinary(binary, tree),
                IsExpr @is => BindIs(@is, tree),
                QuantifierExpr quantifier => BindQuantifier(quantifier, tree),
                ParenExpr paren => BindExpr(paren.Inner, tree),
                _ => new BoundError(expr, tree),
            };
        }
        finally
        {
            _depth--;
        }
    }

    private BoundExpr BindLiteral(LiteralExpr literal, SyntaxTree tree)
    {
        switch (literal.Kind)
        {
            case LiteralKind.Number:
                var number = (double)literal.Value;
                if (!double.IsFinite(number))
                {
                    Report(DiagnosticDescriptors.InvalidNumber, tree, literal.Span, literal.Text);
                    return new BoundError(literal, tree);
                }
                return new BoundLiteral(literal, tree, PolicyType.Number, number);
            case LiteralKind.String:
                foreach (var (offset, escape) in StringUnescaper.InvalidEscapes(literal.Text))
                {
                    Report(DiagnosticDescriptors.InvalidEscape, tree, new Text.TextSpan(literal.Span.Start + offset, 2), escape);
                }
                return new BoundLiteral(literal, tree, PolicyType.String, (string)literal.Value);
            case LiteralKind.Boolean:
                return new BoundLiteral(literal, tree, PolicyType.Bool, ((bool)literal.Value).ToTri());
            default:
                if (literal.Value is DateOnly date) return new BoundLiteral(literal, tree, PolicyType.Date, DateValue.FromDate(date));
                Report(DiagnosticDescriptors.InvalidDate, tree, literal.Span, literal.Text);
                return new BoundError(literal, tree);
        }
    }

    private BoundExpr BindDuration(DurationExpr duration, SyntaxTree tree)
    {
        var amount = (double)duration.Amount.Value;
        if (!double.IsFinite(amount))
        {
            Report(DiagnosticDescriptors.InvalidNumber, tree, duration.Amount.Span, duration.Amount.Text);
            return new BoundError(duration, tree);
        }
        var days = duration.Unit switch { DurationUnit.Days => amount, DurationUnit.Weeks => amount * 7, DurationUnit.Months => amount * 31, _ => amount * 366 };
        if (days > 3_650_000)
        {
            Report(DiagnosticDescriptors.TypeMismatch, tree, duration.Span, $"'{duration}' is longer than the calendar allows (at most 10,000 years)");
            return new BoundError(duration, tree);
        }
        return duration.Unit switch
        {
            DurationUnit.Days => new BoundLiteral(duration, tree, PolicyType.Duration, amount),
            DurationUnit.Weeks => new BoundLiteral(duration, tree, PolicyType.Duration, amount * 7),
            DurationUnit.Months => new BoundLiteral(duration, tree, PolicyType.CalendarDuration, amount),
            _ => new BoundLiteral(duration, tree, PolicyType.CalendarDuration, amount * 12),
        };
    }

    private BoundExpr BindList(ListExpr list, SyntaxTree tree)
    {
        if (list.Items.Count > _limits.MaxListItems)
        {
            Report(DiagnosticDescriptors.ListTooLong, tree, list.Items[_limits.MaxListItems].Span, _limits.MaxListItems);
            return new BoundError(list, tree);
        }
        var items = list.Items.Select(i => BindValue(i, tree)).ToList();
        var element = items.FirstOrDefault(i => !i.IsError())?.Type;
        if (element is null) return new BoundList(list, tree, items.Count == 0 ? PolicyType.List(PolicyType.String) : PolicyType.Error, items);
        if (!element.IsScalar)
        {
            Report(DiagnosticDescriptors.TypeMismatch, tree, list.Span, "A list literal holds booleans, numbers, strings, dates or durations");
            return new BoundError(list, tree);
        }
        var ok = true;
        foreach (var item in items) ok &= Expect(item, element.Kind == TypeKind.String ? PolicyType.String : element, "Every item of this list");
        return ok ? new BoundList(list, tree, PolicyType.List(element.Kind == TypeKind.String ? PolicyType.String : element), items) : new BoundError(list, tree);
    }

    // ---- Names and paths --------------------------------------------------------------------

    private BoundExpr BindName(NameExpr name, SyntaxTree tree)
    {
        foreach (var scope in _scopes)
        {
            if (scope.TryGetValue(name.Name, out var local))
            {
                return local switch
                {
                    BoundArgument a => new BoundArgument(name, tree, a.Name, a.Value),
                    BoundVariable v => new BoundVariable(name, tree, v.Symbol),
                    _ => local,
                };
            }
        }

        if (_globals.TryGetValue(name.Name, out var symbol))
        {
            switch (symbol)
            {
                case LetSymbol let:
                    if (let.Binding)
                    {
                        Report(DiagnosticDescriptors.RecursiveDefinition, tree, name.Span, name.Name, "through its own definition");
                        return new BoundError(name, tree);
                    }
                    var value = BindLet(let);
                    _dependencies.UnionWith(let.Dependencies);
                    _letDepth = Math.Max(_letDepth, let.Depth);
                    return value.IsError() ? new BoundError(name, tree) : new BoundLetReference(name, tree, let, value);
                case TableSymbol table:
                    return new BoundLiteral(name, tree, PolicyType.TableOf(table), table);
                case FunctionSymbol:
                    Report(DiagnosticDescriptors.TypeMismatch, tree, name.Span, $"'{name.Name}' is a function; call it as {name.Name}(…)");
                    return new BoundError(name, tree);
            }
        }

        if (_outputs.TryGetValue(name.Name, out var output))
        {
            switch (output)
            {
                case RuleSymbol:
                    Report(DiagnosticDescriptors.TypeMismatch, tree, name.Span, $"'{name.Name}' is a rule; test its outcome with {name.Name} is pass");
                    return new BoundError(name, tree);
                case ClassificationSymbol:
                    _dependencies.Add(output);
                    return new BoundOutputReference(name, tree, PolicyType.String, output, null, false);
                default:
                    _dependencies.Add(output);
                    return new BoundOutputReference(name, tree, PolicyType.Number, output, null, false);
            }
        }

        if (_inTest && name.Name == "verdict") return new BoundOutputReference(name, tree, PolicyType.String, null, null, false);

        if (_schema.Root.Fields.TryGetValue(name.Name, out var field)) return new BoundField(name, tree, null, field);

        if (name.Hyphenated)
        {
            Report(DiagnosticDescriptors.HyphenatedName, tree, name.Span, name.Name);
            return new BoundError(name, tree);
        }

        var candidates = _scopes.SelectMany(s => s.Keys).Concat(_globals.Keys).Concat(_schema.Root.Fields.Keys).Concat(_outputs.Keys.Where(k => _outputs[k] is not RuleSymbol));
        var suggestion = Descriptors.Suggestions.Closest(name.Name, candidates)
            ?? _schema.Root.AllFields.Where(f => f.Name == name.Name).Select(f => f.Path).OrderBy(p => p.Length).FirstOrDefault();
        Report(DiagnosticDescriptors.UndefinedName, tree, name.Span, name.Name, suggestion is null ? "" : $"; did you mean '{suggestion}'?");
        return new BoundError(name, tree);
    }

    private BoundExpr BindMember(MemberExpr member, SyntaxTree tree)
    {
        var target = BindExpr(member.Target, tree);
        if (target.IsError()) return new BoundError(member, tree);
        switch (target.Type.Kind)
        {
            case TypeKind.Object:
                var objectField = target.Type.Field!;
                if (objectField.Children.TryGetValue(member.Name, out var child))
                {
                    // A nested object lives in the same record as its parent.
                    var record = target is BoundField f ? f.Record : null;
                    return new BoundField(member, tree, record, child);
                }
                ReportUnknownProperty(tree, member.NameSpan, member.Name, member.Target.ToString(), objectField.Children.Keys);
                return new BoundError(member, tree);
            case TypeKind.Record:
                var shape = target.Type.Shape!;
                if (shape.Fields.TryGetValue(member.Name, out var field)) return new BoundField(member, tree, target, field);
                if (target is BoundTableLookup lookup)
                {
                    var s = Descriptors.Suggestions.Closest(member.Name, shape.Fields.Keys);
                    Report(DiagnosticDescriptors.UnknownColumn, tree, member.NameSpan, lookup.Table.Name, member.Name, s is null ? "" : $"; did you mean '{s}'?");
                }
                else
                {
                    ReportUnknownProperty(tree, member.NameSpan, member.Name, member.Target.ToString(), shape.Fields.Keys);
                }
                return new BoundError(member, tree);
            case TypeKind.List when target.Type.Element!.Kind == TypeKind.Record:
                Report(DiagnosticDescriptors.TypeMismatch, tree, member.NameSpan,
                    $"'{member.Target}' is a list; reach its elements with a quantifier, e.g. any x in {member.Target}: x.{member.Name}");
                return new BoundError(member, tree);
            default:
                Report(DiagnosticDescriptors.TypeMismatch, tree, member.NameSpan, $"'{member.Target}' is {Describe(target.Type)} and has no property '{member.Name}'");
                return new BoundError(member, tree);
        }
    }

    private BoundExpr BindIndex(IndexExpr index, SyntaxTree tree)
    {
        var target = BindExpr(index.Target, tree);
        var key = BindValue(index.Index, tree);
        if (target.IsError() || key.IsError()) return new BoundError(index, tree);
        if (target.Type.Kind == TypeKind.Table)
        {
            return Expect(key, PolicyType.String, "A table key") ? new BoundTableLookup(index, tree, target.Type.Table!, key) : new BoundError(index, tree);
        }
        Report(DiagnosticDescriptors.TypeMismatch, tree, index.Target.Span, $"'{index.Target}' is {Describe(target.Type)}; only tables can be indexed (lists are read with any, all, none, count or sum)");
        return new BoundError(index, tree);
    }

    // ---- Operators --------------------------------------------------------------------------

    private BoundExpr BindUnary(UnaryExpr unary, SyntaxTree tree)
    {
        var operand = BindValue(unary.Operand, tree);
        if (operand.IsError()) return new BoundError(unary, tree);
        if (unary.Operator == UnaryOperator.Not)
        {
            return Expect(operand, PolicyType.Bool, "The operand of 'not'") ? new BoundUnary(unary, tree, PolicyType.Bool, UnaryOperator.Not, operand) : new BoundError(unary, tree);
        }
        if (operand.Type.Kind is TypeKind.Number or TypeKind.Duration or TypeKind.CalendarDuration)
            return new BoundUnary(unary, tree, operand.Type, UnaryOperator.Negate, operand);
        Report(DiagnosticDescriptors.TypeMismatch, tree, unary.Operand.Span, $"The operand of '-' must be a number or a duration, but '{unary.Operand}' is {Describe(operand.Type)}");
        return new BoundError(unary, tree);
    }

    private BoundExpr BindBinary(BinaryExpr binary, SyntaxTree tree)
    {
        var op = binary.Operator;
        var left = BindValue(binary.Left, tree);
        var right = op is BinaryOperator.In or BinaryOperator.NotIn ? BindExpr(binary.Right, tree) : BindValue(binary.Right, tree);
        var symbol = BinaryExpr.Spelling(op);
        if (left.IsError() || right.IsError())
        {
            // Still check the other side, so an independent mistake there is reported in the same run.
            if (op is BinaryOperator.And or BinaryOperator.Or or BinaryOperator.Implies)
            {
                Expect(left, PolicyType.Bool, $"The left operand of '{symbol}'");
                Expect(right, PolicyType.Bool, $"The right operand of '{symbol}'");
            }
            return new BoundError(binary, tree);
        }

        switch (op)
        {
            case BinaryOperator.And or BinaryOperator.Or or BinaryOperator.Implies:
                var ok = Expect(left, PolicyType.Bool, $"The left operand of '{symbol}'") & Expect(right, PolicyType.Bool, $"The right operand of '{symbol}'");
                return ok ? new BoundBinary(binary, tree, PolicyType.Bool, op, left, right) : new BoundError(binary, tree);

            case BinaryOperator.Equal or BinaryOperator.NotEqual:
                if (!SameScalar(left, right, symbol)) return new BoundError(binary, tree);
                CheckEnumComparison(left, right);
                return new BoundBinary(binary, tree, PolicyType.Bool, op, left, right);

            case BinaryOperator.Less or BinaryOperator.LessOrEqual or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual:
                if (!SameScalar(left, right, symbol)) return new BoundError(binary, tree);
                if (left.Type.Kind is not (TypeKind.Number or TypeKind.Date or TypeKind.Duration or TypeKind.CalendarDuration))
                {
                    Report(DiagnosticDescriptors.TypeMismatch, tree, binary.Left.Span, $"'{symbol}' compares numbers, dates or durations, but '{binary.Left}' is {Describe(left.Type)}");
                    return new BoundError(binary, tree);
                }
                return new BoundBinary(binary, tree, PolicyType.Bool, op, left, right);

            case BinaryOperator.In or BinaryOperator.NotIn:
                return BindMembership(binary, tree, left, right);

            case BinaryOperator.Matches:
                return BindMatches(binary, tree, left, right);

            case BinaryOperator.Coalesce:
                // An empty list literal takes the type of the list it stands in for: `release.components ?? []`.
                if (left.Type.Kind == TypeKind.List && right is BoundList { Items.Count: 0 } empty)
                {
                    right = new BoundList(empty.Syntax, tree, left.Type, []);
                }
                if (!SameScalar(left, right, symbol, allowLists: true)) return new BoundError(binary, tree);
                return new BoundBinary(binary, tree, left.Type.Kind == TypeKind.String ? PolicyType.String : left.Type, op, left, right);

            default:
                return BindArithmetic(binary, tree, left, right);
        }
    }

    internal static BoundExpr Unwrap(BoundExpr e) => e switch
    {
        BoundLetReference l => Unwrap(l.Value),
        BoundArgument a => Unwrap(a.Value),
        _ => e,
    };

    private bool SameScalar(BoundExpr left, BoundExpr right, string symbol, bool allowLists = false)
    {
        var l = left.Type;
        var r = right.Type;
        if (!l.IsScalar && !(allowLists && l.Kind == TypeKind.List))
        {
            Report(DiagnosticDescriptors.TypeMismatch, left.Tree, left.Syntax.Span, $"'{symbol}' needs a value, but '{left.Syntax}' is {Describe(l)}");
            return false;
        }
        if (!l.Equals(r))
        {
            var what = symbol is "??" or "if" ? $"Both sides of '{symbol}' must have the same type" : $"Cannot compare {Describe(l)} with {Describe(r)}";
            Report(DiagnosticDescriptors.TypeMismatch, right.Tree, right.Syntax.Span,
                $"{what}: '{left.Syntax}' is {Describe(l)} but '{right.Syntax}' is {Describe(r)}");
            return false;
        }
        return true;
    }

    private void CheckEnumComparison(BoundExpr left, BoundExpr right)
    {
        CheckEnumLiteral(left.Type, right);
        CheckEnumLiteral(right.Type, left);
    }

    /// <summary>Comparing an enum-valued fact with a string it can never hold is always false: a typo.</summary>
    private void CheckEnumLiteral(PolicyType type, BoundExpr other)
    {
        var values = type.EnumValues ?? (type.Kind == TypeKind.List ? type.Element?.EnumValues : null);
        if (values is null) return;
        IEnumerable<BoundExpr> literals = other is BoundList list ? list.Items : [other];
        foreach (var literal in literals)
        {
            if (literal is BoundLiteral { Value: string text } && !values.Contains(text))
            {
                var suggestion = Descriptors.Suggestions.Closest(text, values);
                Report(DiagnosticDescriptors.ValueNotInEnum, literal.Tree, literal.Syntax.Span, text,
                    type.Kind == TypeKind.List ? "the list's elements" : "this fact",
                    suggestion is null ? string.Join(", ", values) : $"{string.Join(", ", values)} (did you mean '{suggestion}'?)");
            }
        }
    }

    private BoundExpr BindMembership(BinaryExpr binary, SyntaxTree tree, BoundExpr left, BoundExpr right)
    {
        var negated = binary.Operator == BinaryOperator.NotIn;
        if (right.Type.Kind == TypeKind.Table)
        {
            return Expect(left, PolicyType.String, "A table key") ? new BoundTableContains(binary, tree, right.Type.Table!, left, negated) : new BoundError(binary, tree);
        }
        right = RequireValue(right);
        if (right.IsError()) return new BoundError(binary, tree);
        if (right.Type.Kind != TypeKind.List || !right.Type.Element!.IsScalar)
        {
            Report(DiagnosticDescriptors.TypeMismatch, tree, binary.Right.Span, $"The right operand of '{BinaryExpr.Spelling(binary.Operator)}' must be a list of values or a table, but '{binary.Right}' is {Describe(right.Type)}");
            return new BoundError(binary, tree);
        }
        var element = right.Type.Element!;
        if (!left.Type.Equals(element))
        {
            Report(DiagnosticDescriptors.TypeMismatch, tree, binary.Left.Span, $"'{binary.Left}' is {Describe(left.Type)} but '{binary.Right}' is {Describe(right.Type)}");
            return new BoundError(binary, tree);
        }
        CheckEnumLiteral(left.Type, right);
        if (right.Type.Element!.EnumValues is not null) CheckEnumLiteral(right.Type, left);
        return new BoundBinary(binary, tree, PolicyType.Bool, binary.Operator, left, right);
    }

    private BoundExpr BindMatches(BinaryExpr binary, SyntaxTree tree, BoundExpr left, BoundExpr right)
    {
        if (!Expect(left, PolicyType.String, "The left operand of 'matches'")) return new BoundError(binary, tree);
        if (Unwrap(right) is not BoundLiteral { Value: string pattern })
        {
            Report(DiagnosticDescriptors.TypeMismatch, tree, binary.Right.Span, "The pattern of 'matches' must be a string literal, so it can be checked when the policy is compiled");
            return new BoundError(binary, tree);
        }
        try
        {
            var regex = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, _limits.RegexTimeout);
            return new BoundBinary(binary, tree, PolicyType.Bool, BinaryOperator.Matches, left, right) { Pattern = regex };
        }
        catch (NotSupportedException)
        {
            // Constructs the linear-time engine lacks (backreferences, lookarounds) run with the time limit instead.
            try
            {
                var regex = new Regex(pattern, RegexOptions.CultureInvariant, _limits.RegexTimeout);
                return new BoundBinary(binary, tree, PolicyType.Bool, BinaryOperator.Matches, left, right) { Pattern = regex };
            }
            catch (ArgumentException e)
            {
                Report(DiagnosticDescriptors.InvalidRegex, tree, binary.Right.Span, e.Message);
                return new BoundError(binary, tree);
            }
        }
        catch (ArgumentException e)
        {
            Report(DiagnosticDescriptors.InvalidRegex, tree, binary.Right.Span, e.Message);
            return new BoundError(binary, tree);
        }
    }

    private BoundExpr BindArithmetic(BinaryExpr binary, SyntaxTree tree, BoundExpr left, BoundExpr right)
    {
        var op = binary.Operator;
        var l = left.Type.Kind;
        var r = right.Type.Kind;
        var symbol = BinaryExpr.Spelling(op);
        PolicyType? result = (op, l, r) switch
        {
            (_, TypeKind.Number, TypeKind.Number) => PolicyType.Number,
            (BinaryOperator.Add, TypeKind.String, TypeKind.String) => PolicyType.String,
            (BinaryOperator.Add or BinaryOperator.Subtract, TypeKind.Date, TypeKind.Duration) => PolicyType.Date,
            (BinaryOperator.Add, TypeKind.Duration, TypeKind.Date) => PolicyType.Date,
            (BinaryOperator.Subtract, TypeKind.Date, TypeKind.Date) => PolicyType.Duration,
            (BinaryOperator.Add or BinaryOperator.Subtract, TypeKind.Duration, TypeKind.Duration) => PolicyType.Duration,
            (BinaryOperator.Multiply, TypeKind.Duration, TypeKind.Number) => PolicyType.Duration,
            (BinaryOperator.Multiply, TypeKind.Number, TypeKind.Duration) => PolicyType.Duration,
            (BinaryOperator.Add or BinaryOperator.Subtract, TypeKind.Date, TypeKind.CalendarDuration) => PolicyType.Date,
            (BinaryOperator.Add, TypeKind.CalendarDuration, TypeKind.Date) => PolicyType.Date,
            (BinaryOperator.Add or BinaryOperator.Subtract, TypeKind.CalendarDuration, TypeKind.CalendarDuration) => PolicyType.CalendarDuration,
            (BinaryOperator.Multiply, TypeKind.CalendarDuration, TypeKind.Number) => PolicyType.CalendarDuration,
            (BinaryOperator.Multiply, TypeKind.Number, TypeKind.CalendarDuration) => PolicyType.CalendarDuration,
            _ => null,
        };
        if (result is null)
        {
            var culprit = l is TypeKind.Number or TypeKind.Date or TypeKind.Duration or TypeKind.String ? right : left;
            Report(DiagnosticDescriptors.TypeMismatch, tree, culprit.Syntax.Span,
                $"Cannot apply '{symbol}' to {Describe(left.Type)} and {Describe(right.Type)} ('{culprit.Syntax}' is {Describe(culprit.Type)})");
            return new BoundError(binary, tree);
        }
        return new BoundBinary(binary, tree, result, op, left, right);
    }

    private BoundExpr BindIs(IsExpr @is, SyntaxTree tree)
    {
        var outcome = RuleOutcomeText.Parse(@is.Outcome);
        if (outcome is null)
        {
            Report(DiagnosticDescriptors.UnknownOutcome, tree, @is.OutcomeSpan, @is.Outcome);
            return new BoundError(@is, tree);
        }
        if (@is.Target is not NameExpr name || !_outputs.TryGetValue(name.Name, out var output) || output is not RuleSymbol)
        {
            var text = @is.Target.ToString();
            var rules = _outputs.Values.OfType<RuleSymbol>().Select(r => r.Name);
            var suggestion = Descriptors.Suggestions.Closest(text, rules);
            Report(DiagnosticDescriptors.UnknownRule, tree, @is.Target.Span, text, suggestion is null ? "" : $"; did you mean '{suggestion}'?");
            return new BoundError(@is, tree);
        }
        _dependencies.Add(output);
        return new BoundOutputReference(@is, tree, PolicyType.Bool, output, outcome, @is.Negated);
    }

    private BoundExpr BindQuantifier(QuantifierExpr quantifier, SyntaxTree tree)
    {
        var source = BindValue(quantifier.Source, tree);
        if (source.IsError()) return new BoundError(quantifier, tree);
        if (source.Type.Kind != TypeKind.List)
        {
            Report(DiagnosticDescriptors.NotAList, tree, quantifier.Source.Span, quantifier.Source.ToString(), Describe(source.Type));
            return new BoundError(quantifier, tree);
        }
        var variable = new VariableSymbol(quantifier.Variable, tree, quantifier.VariableSpan, source.Type.Element!);
        var variableExpr = new NameExpr(quantifier.VariableSpan, quantifier.Variable, false);
        _scopes.Push(new Dictionary<string, BoundExpr>(StringComparer.Ordinal) { [quantifier.Variable] = new BoundVariable(variableExpr, tree, variable) });
        var body = BindValue(quantifier.Body, tree);
        _scopes.Pop();
        if (body.IsError()) return new BoundError(quantifier, tree);
        var sum = quantifier.Kind == QuantifierKind.Sum;
        if (!Expect(body, sum ? PolicyType.Number : PolicyType.Bool, sum ? "The body of 'sum'" : $"The condition of '{quantifier.Kind.ToString().ToLowerInvariant()}'"))
            return new BoundError(quantifier, tree);
        var type = quantifier.Kind is QuantifierKind.Count or QuantifierKind.Sum ? PolicyType.Number : PolicyType.Bool;
        return new BoundQuantifier(quantifier, tree, type, quantifier.Kind, variable, source, body);
    }
}
