using System.Linq.Expressions;
using System.Reflection;
using PolicyEngine.Binding;
using PolicyEngine.Evaluation;
using PolicyEngine.Runtime;
using PolicyEngine.Schema;
using PolicyEngine.Syntax.Ast;
using E = System.Linq.Expressions.Expression;

namespace PolicyEngine.Compilation;

/// <summary>
/// Compiles bound expressions to System.Linq.Expressions over an <see cref="EvaluationContext"/>. Facts are read
/// from record slots resolved at bind time; unknown is NaN, null or <see cref="Tri.Unknown"/>, so the fast path
/// neither boxes nor allocates. In traced mode every node's value and every fact read is noted as well.
/// </summary>
internal sealed class ExpressionCompiler
{
    private readonly ParameterExpression _context = E.Parameter(typeof(EvaluationContext), "context");
    private readonly Dictionary<VariableSymbol, ParameterExpression> _variables = new();
    private readonly Dictionary<LetSymbol, E> _lets = new();
    private readonly List<Action>? _deferred;
    private readonly bool _traced;
    private readonly List<BoundExpr> _nodes;

    /// <param name="deferCompilation">Lets are compiled by the work <see cref="TakeDeferred"/> returns, not as they are met.</param>
    public ExpressionCompiler(bool traced, List<BoundExpr> nodes, bool deferCompilation = false)
    {
        _traced = traced;
        _nodes = nodes;
        _deferred = deferCompilation ? new List<Action>() : null;
    }

    public ParameterExpression Context => _context;

    private MemberExpression Tracer => E.Field(_context, nameof(EvaluationContext.Tracer));

    public static Type ClrType(PolicyType type) => type.Kind switch
    {
        TypeKind.Bool or TypeKind.Object => typeof(Tri),
        TypeKind.Number or TypeKind.Date or TypeKind.Duration or TypeKind.CalendarDuration => typeof(double),
        TypeKind.String => typeof(string),
        TypeKind.Record => typeof(Record),
        TypeKind.List => type.Element!.Kind switch
        {
            TypeKind.Bool => typeof(Tri[]),
            TypeKind.String => typeof(string[]),
            TypeKind.Record => typeof(Record[]),
            _ => typeof(double[]),
        },
        _ => typeof(object),
    };

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, MethodInfo> Methods = new();

    /// <summary><see cref="E.Call(Type, string, Type[], E[])"/> with the method it resolves remembered: building
    /// expressions for a large pack would otherwise spend much of its time in reflection.</summary>
    private static MethodCallExpression Call(Type type, string name, Type[]? typeArguments, params E[] arguments)
    {
        var key = type.FullName + "." + name + "<" + (typeArguments is null ? "" : string.Join(",", typeArguments.Select(t => t.FullName)))
            + ">(" + string.Join(",", arguments.Select(a => a.Type.FullName)) + ")";
        if (Methods.TryGetValue(key, out var method)) return E.Call(method, arguments);
        var call = E.Call(type, name, typeArguments, arguments);
        Methods.TryAdd(key, call.Method);
        return call;
    }

    public static E UnknownOf(Type type) =>
        type == typeof(double) ? E.Constant(double.NaN)
        : type == typeof(Tri) ? E.Constant(Tri.Unknown)
        : E.Constant(null, type);

    public Func<EvaluationContext, T> Lambda<T>(E body) =>
        E.Lambda<Func<EvaluationContext, T>>(body, _context).Compile(preferInterpretation: false);

    public E Compile(BoundExpr node)
    {
        var expression = CompileCore(node);
        if (!_traced || node is BoundField) return expression;
        return Note(node, expression);
    }

    private E Note(BoundExpr node, E value)
    {
        if (node.TraceId < 0)
        {
            node.TraceId = _nodes.Count;
            _nodes.Add(node);
        }
        // The value goes to a local first: were it computed as the call's last argument, the tracer and the id would sit
        // on the evaluation stack through every branch inside it, and nested that deep, the JIT spills the whole stack at
        // each branch — quadratic code, minutes to compile and a frame that overflows the stack.
        var computed = E.Variable(value.Type, "value");
        return E.Block(value.Type, [computed], E.Assign(computed, value),
            Call(typeof(Tracer), nameof(Runtime.Tracer.Note), [value.Type], Tracer, E.Constant(node.TraceId), computed));
    }

    private E CompileCore(BoundExpr node) => node switch
    {
        BoundLiteral literal => CompileLiteral(literal),
        BoundField field => CompileField(field),
        BoundVariable variable => _variables[variable.Symbol],
        BoundLetReference let => CompileLet(let),
        BoundArgument argument => Compile(argument.Value),
        BoundFunctionCall call => Compile(call.Body),
        BoundScriptCall call => CompileScriptCall(call),
        BoundBuiltinCall call => CompileBuiltin(call),
        BoundUnary unary => CompileUnary(unary),
        BoundBinary binary => CompileBinary(binary),
        BoundList list => CompileList(list),
        BoundQuantifier quantifier => CompileQuantifier(quantifier),
        BoundTableLookup lookup => Call(typeof(Functions), nameof(Functions.Lookup), null, E.Constant(lookup.Table.Rows), Compile(lookup.Key)),
        BoundTableContains contains => Negate(Call(typeof(Functions), nameof(Functions.TableContains), null, E.Constant(contains.Table.Rows), Compile(contains.Key)), contains.Negated),
        BoundOutputReference output => CompileOutput(output),
        _ => throw new InvalidOperationException($"Cannot compile {node.GetType().Name}; the binder should have reported it."),
    };

    /// <summary>A list of literals is one shared array (nothing writes to list values), so the fast path does not
    /// allocate it per evaluation; traced code builds it item by item so each item's value is noted.</summary>
    private E CompileList(BoundList list)
    {
        var elementType = ClrType(list.Type.Element!);
        if (!_traced && list.Items.All(i => i is BoundLiteral))
        {
            var array = Array.CreateInstance(elementType, list.Items.Count);
            for (var i = 0; i < list.Items.Count; i++)
            {
                array.SetValue(((ConstantExpression)CompileLiteral((BoundLiteral)list.Items[i])).Value, i);
            }
            return E.Constant(array, array.GetType());
        }
        return E.NewArrayInit(elementType, list.Items.Select(Compile));
    }

    /// <summary>A let is its own delegate, computed once per evaluation (see <see cref="LetCache"/>). When compilation
    /// is deferred, the code reads the delegate from a holder that <see cref="TakeDeferred"/>'s work fills in.</summary>
    private E CompileLet(BoundLetReference reference)
    {
        var type = ClrType(reference.Type);
        var delegateType = typeof(Func<,>).MakeGenericType(typeof(EvaluationContext), type);
        if (!_lets.TryGetValue(reference.Symbol, out var compute))
        {
            var lambda = E.Lambda(delegateType, Compile(reference.Value), _context);
            if (_deferred is null)
            {
                compute = E.Constant(lambda.Compile(), delegateType);
            }
            else
            {
                var holder = (IDeferredDelegate)Activator.CreateInstance(typeof(Deferred<>).MakeGenericType(delegateType))!;
                _deferred.Add(() => holder.Set(lambda.Compile()));
                compute = E.Field(E.Constant(holder), nameof(Deferred<Action>.Value));
            }
            _lets[reference.Symbol] = compute;
        }
        var i = E.Constant(reference.Symbol.Index);
        return type == typeof(double) ? Call(typeof(LetCache), nameof(LetCache.Number), null, _context, i, compute)
            : type == typeof(Tri) ? Call(typeof(LetCache), nameof(LetCache.Flag), null, _context, i, compute)
            : Call(typeof(LetCache), nameof(LetCache.Object), [type], _context, i, compute);
    }

    /// <summary>A script call: arguments boxed into an array, the result unboxed to the policy type's CLR type.</summary>
    private E CompileScriptCall(BoundScriptCall call)
    {
        var args = E.NewArrayInit(typeof(object), call.Arguments.Select(a => (E)E.Convert(Compile(a), typeof(object))));
        var result = E.Call(typeof(Scripting.ScriptCalls), nameof(Scripting.ScriptCalls.Call), null, E.Constant(call.Script), args);
        var type = ClrType(call.Type);
        return type.IsValueType ? E.Unbox(result, type) : E.TypeAs(result, type);
    }

    private interface IDeferredDelegate
    {
        void Set(Delegate value);
    }

    /// <summary>A delegate compiled after the code that calls it was built (so many can be compiled at once).</summary>
    private sealed class Deferred<T> : IDeferredDelegate where T : Delegate
    {
        public T? Value;

        public void Set(Delegate value) => Value = (T)value;
    }

    /// <summary>The compilations deferred so far (lets), to run before any code built here is called.</summary>
    public List<Action> TakeDeferred()
    {
        var work = new List<Action>(_deferred ?? []);
        _deferred?.Clear();
        return work;
    }

    private static E Negate(E tri, bool negated) => negated ? Call(typeof(Kleene), nameof(Kleene.Not), null, tri) : tri;

    private static E CompileLiteral(BoundLiteral literal) => literal.Value switch
    {
        null => UnknownOf(ClrType(literal.Type)),
        Tri t => E.Constant(t),
        double d => E.Constant(d),
        string s => E.Constant(s),
        _ => E.Constant(literal.Value),
    };

    private E CompileField(BoundField bound)
    {
        var field = bound.Field;
        var record = bound.Record is null ? (E)E.Field(_context, nameof(EvaluationContext.Root)) : Compile(bound.Record);
        var canBeNull = bound.Record is not null && Binding.Binder.Unwrap(bound.Record) is BoundTableLookup;
        var type = ClrType(bound.Type);
        var (arrayName, elementType) = field.SlotKind switch
        {
            SlotKind.Number => (nameof(Record.Numbers), typeof(double)),
            SlotKind.Flag => (nameof(Record.Flags), typeof(Tri)),
            SlotKind.String => (nameof(Record.Strings), typeof(string)),
            _ => (nameof(Record.Lists), typeof(object)),
        };

        if (!canBeNull && !_traced)
        {
            E read = E.ArrayIndex(E.Field(record, arrayName), E.Constant(field.Slot));
            return elementType == typeof(object) ? E.TypeAs(read, type) : read;
        }

        var r = E.Variable(typeof(Record), "record");
        E value = E.ArrayIndex(E.Field(r, arrayName), E.Constant(field.Slot));
        if (elementType == typeof(object)) value = E.TypeAs(value, type);
        if (_traced)
        {
            if (bound.TraceId < 0)
            {
                bound.TraceId = _nodes.Count;
                _nodes.Add(bound);
            }
            value = Call(typeof(Tracer), nameof(Runtime.Tracer.NoteRead), [type], Tracer, E.Constant(bound.TraceId), r, E.Constant(field), value);
        }
        var guarded = canBeNull ? E.Condition(E.Equal(r, E.Constant(null, typeof(Record))), UnknownOf(type), value) : value;
        return E.Block(type, [r], E.Assign(r, record), guarded);
    }

    private E CompileUnary(BoundUnary unary)
    {
        var operand = Compile(unary.Operand);
        return unary.Operator == UnaryOperator.Not
            ? Call(typeof(Kleene), nameof(Kleene.Not), null, operand)
            : E.Negate(operand);
    }

    private static readonly MethodInfo DecideMethod = typeof(Kleene).GetMethod(nameof(Kleene.Decide))!;

    private E CompileBinary(BoundBinary binary)
    {
        var op = binary.Operator;
        if (op is BinaryOperator.And or BinaryOperator.Or or BinaryOperator.Implies && !_traced && CannotFault(binary.Right))
        {
            // Evaluating the right side when the left already decides changes nothing when it cannot fault and
            // costs a few reads; one call instead of a branchy block keeps the code small and fast to compile.
            return Call(typeof(Kleene), op.ToString(), null, Compile(binary.Left), Compile(binary.Right));
        }
        switch (op)
        {
            case BinaryOperator.And: return And(Compile(binary.Left), Compile(binary.Right));
            case BinaryOperator.Or: return Or(Compile(binary.Left), Compile(binary.Right));
            case BinaryOperator.Implies: return Implies(Compile(binary.Left), Compile(binary.Right));
            case BinaryOperator.Coalesce: return Coalesce(Compile(binary.Left), Compile(binary.Right));
            case BinaryOperator.Matches:
                return Call(typeof(Kleene), nameof(Kleene.Matches), null, Compile(binary.Left), E.Constant(binary.Pattern!),
                    E.Constant(binary.Tree.Source.Location(binary.Syntax.Span)));
            case BinaryOperator.In or BinaryOperator.NotIn:
                if (InLiterals(binary) is { } inlined) return inlined;
                var test = Call(typeof(Kleene), nameof(Kleene.In), null, Compile(binary.Left), Compile(binary.Right));
                return Negate(test, op == BinaryOperator.NotIn);
        }

        var left = binary.Left;
        var right = binary.Right;
        if (op is BinaryOperator.Equal or BinaryOperator.NotEqual or BinaryOperator.Less or BinaryOperator.LessOrEqual or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual)
        {
            return Call(typeof(Kleene), op.ToString(), null, Compile(left), Compile(right));
        }

        // Arithmetic. Dates are day numbers and durations days, so most of it is plain double arithmetic;
        // NaN (unknown) propagates on its own.
        if (binary.Type.Kind == TypeKind.Date)
        {
            var (date, duration) = left.Type.Kind == TypeKind.Date ? (left, right) : (right, left);
            var amount = Compile(duration);
            if (op == BinaryOperator.Subtract) amount = E.Negate(amount);
            var add = duration.Type.Kind == TypeKind.CalendarDuration ? nameof(DateValue.AddMonths) : nameof(DateValue.AddDays);
            return Call(typeof(DateValue), add, null, Compile(date), amount);
        }
        if (binary.Type.Kind == TypeKind.String) return Call(typeof(Kleene), nameof(Kleene.Concat), null, Compile(left), Compile(right));

        var l = Compile(left);
        var r = Compile(right);
        return op switch
        {
            BinaryOperator.Add => Call(typeof(Kleene), nameof(Kleene.Finite), null, E.Add(l, r)),
            BinaryOperator.Subtract => Call(typeof(Kleene), nameof(Kleene.Finite), null, E.Subtract(l, r)),
            BinaryOperator.Multiply => Call(typeof(Kleene), nameof(Kleene.Finite), null, E.Multiply(l, r)),
            BinaryOperator.Divide => Call(typeof(Kleene), nameof(Kleene.Divide), null, l, r),
            _ => Call(typeof(Kleene), nameof(Kleene.Modulo), null, l, r),
        };
    }

    /// <summary>
    /// Cannot throw, has no effect and costs little: literals, facts of the descriptor root, quantifier variables, outputs
    /// already computed, and logic, comparisons and membership over them. Arithmetic (overflow and division are
    /// faults), regular expressions (time-outs), lets and calls are not, so they keep their short-circuit.
    /// </summary>
    private static bool CannotFault(BoundExpr node, int budget = 32)
    {
        var stack = new Stack<BoundExpr>();
        stack.Push(node);
        while (stack.Count > 0)
        {
            if (--budget < 0) return false;
            var n = stack.Pop();
            var ok = n switch
            {
                BoundLiteral or BoundVariable or BoundOutputReference => true,
                BoundField field => field.Record is null,
                BoundUnary => true,
                BoundList => true,
                BoundBuiltinCall call => call.Name == "known",
                BoundBinary binary => binary.Operator is BinaryOperator.And or BinaryOperator.Or or BinaryOperator.Implies
                    or BinaryOperator.Equal or BinaryOperator.NotEqual or BinaryOperator.Less or BinaryOperator.LessOrEqual
                    or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual or BinaryOperator.In or BinaryOperator.NotIn
                    or BinaryOperator.Coalesce,
                _ => false,
            };
            if (!ok) return false;
            foreach (var child in n.Children) stack.Push(child);
        }
        return true;
    }

    /// <summary>Kleene 'and' that does not evaluate the right side when the left is false.</summary>
    public static E And(E left, E right) => ShortCircuit(left, Tri.False, Tri.False, nameof(Kleene.And), right);

    /// <summary>Kleene 'or' that does not evaluate the right side when the left is true.</summary>
    public static E Or(E left, E right) => ShortCircuit(left, Tri.True, Tri.True, nameof(Kleene.Or), right);

    /// <summary>Kleene 'implies' (not left, or right) that does not evaluate the right side when the left is false.</summary>
    public static E Implies(E left, E right) => ShortCircuit(left, Tri.False, Tri.True, nameof(Kleene.Implies), right);

    /// <summary><c>l = left; l == decisive ? result : (r = right; Kleene.op(l, r))</c>: the right side only when needed.
    /// The right side goes to a local first, like the left: computed as the call's argument, it would keep <c>l</c> on
    /// the evaluation stack, and a right-nested chain (<c>implies</c> is right-associative) would pile up one slot per
    /// link, which the JIT spills at every branch — quadratic code, seconds to compile 900 links.</summary>
    private static E ShortCircuit(E left, Tri decisive, Tri result, string op, E right)
    {
        var l = E.Variable(typeof(Tri), "l");
        var r = E.Variable(typeof(Tri), "r");
        return E.Block(typeof(Tri), [l],
            E.Assign(l, left),
            E.Condition(E.Equal(l, E.Constant(decisive)), E.Constant(result),
                E.Block(typeof(Tri), [r], E.Assign(r, right), Call(typeof(Kleene), op, null, l, r))));
    }

    private static readonly MethodInfo StringEquals = typeof(string).GetMethod(nameof(string.Equals), [typeof(string), typeof(string)])!;

    /// <summary>
    /// <c>value in [a, b, …]</c> over a short list of known literals, as comparisons with each (the JIT unrolls
    /// comparisons with constant strings): the same result as <see cref="Kleene.In(string, string[])"/> without the loop.
    /// </summary>
    private E? InLiterals(BoundBinary binary)
    {
        if (_traced || binary.Right is not BoundList list || list.Items.Count is 0 or > 16) return null;
        if (!list.Items.All(i => i is BoundLiteral { Value: string or double })) return null;
        var value = Compile(binary.Left);
        var v = E.Variable(value.Type, "v");
        E unknown;
        Func<object, E> equals;
        if (value.Type == typeof(string))
        {
            unknown = E.Equal(v, E.Constant(null, typeof(string)));
            equals = item => E.Call(StringEquals, v, E.Constant((string)item));
        }
        else if (value.Type == typeof(double))
        {
            unknown = Call(typeof(double), nameof(double.IsNaN), null, v);
            equals = item => E.Equal(v, E.Constant((double)item));
        }
        else
        {
            return null;
        }
        var items = list.Items.Select(i => ((BoundLiteral)i).Value!).ToList();
        if (items.Any(i => i.GetType() != (value.Type == typeof(string) ? typeof(string) : typeof(double)))) return null;
        var found = items.Skip(1).Aggregate(equals(items[0]), (any, item) => E.OrElse(any, equals(item)));
        var (yes, no) = binary.Operator == BinaryOperator.In ? (Tri.True, Tri.False) : (Tri.False, Tri.True);
        return E.Block(typeof(Tri), [v],
            E.Assign(v, value),
            E.Condition(unknown, E.Constant(Tri.Unknown), E.Condition(found, E.Constant(yes), E.Constant(no))));
    }

    private static E IsUnknown(E value) =>
        value.Type == typeof(double) ? Call(typeof(double), nameof(double.IsNaN), null, value)
        : value.Type == typeof(Tri) ? E.Equal(value, E.Constant(Tri.Unknown))
        : E.Equal(value, E.Constant(null, value.Type));

    private static E Coalesce(E left, E right)
    {
        var l = E.Variable(left.Type, "l");
        return E.Block(left.Type, [l], E.Assign(l, left), E.Condition(IsUnknown(l), right, l));
    }

    private E CompileQuantifier(BoundQuantifier quantifier)
    {
        var elementType = ClrType(quantifier.Variable.Type);
        var parameter = E.Parameter(elementType, quantifier.Variable.Name);
        _variables[quantifier.Variable] = parameter;
        var body = Compile(quantifier.Body);
        _variables.Remove(quantifier.Variable);

        if (_traced && quantifier.TraceId < 0)
        {
            quantifier.TraceId = _nodes.Count;
            _nodes.Add(quantifier);
        }
        var lambda = E.Lambda(typeof(Func<,>).MakeGenericType(elementType, body.Type), body, parameter);
        var method = quantifier.Kind switch
        {
            QuantifierKind.Any => nameof(Quantifiers.Any),
            QuantifierKind.All => nameof(Quantifiers.All),
            QuantifierKind.None => nameof(Quantifiers.None),
            QuantifierKind.Count => nameof(Quantifiers.Count),
            _ => nameof(Quantifiers.Sum),
        };
        E tracer = _traced ? Tracer : E.Constant(null, typeof(Tracer));
        return Call(typeof(Quantifiers), method, [elementType], Compile(quantifier.Source), lambda, tracer, E.Constant(quantifier.TraceId));
    }

    private E CompileBuiltin(BoundBuiltinCall call)
    {
        var args = call.Arguments;
        switch (call.Name)
        {
            case "known":
                return E.Condition(IsUnknown(Compile(args[0])), E.Constant(Tri.False), E.Constant(Tri.True));
            case "if":
                var c = E.Variable(typeof(Tri), "c");
                var type = ClrType(call.Type);
                return E.Block(type, [c], E.Assign(c, Compile(args[0])),
                    E.Condition(E.Equal(c, E.Constant(Tri.True)), Compile(args[1]),
                        E.Condition(E.Equal(c, E.Constant(Tri.False)), Compile(args[2]), UnknownOf(type))));
            case "length":
                var value = Compile(args[0]);
                return value.Type == typeof(string)
                    ? Call(typeof(Functions), nameof(Functions.Length), null, value)
                    : E.Call(typeof(Functions).GetMethod(nameof(Functions.Length), [typeof(Array)])!, E.Convert(value, typeof(Array)));
            case "abs": return Call(typeof(Math), nameof(Math.Abs), null, Compile(args[0]));
            case "floor": return Call(typeof(Math), nameof(Math.Floor), null, Compile(args[0]));
            case "ceil": return Call(typeof(Math), nameof(Math.Ceiling), null, Compile(args[0]));
            case "days": return Compile(args[0]);
            case "starts_with": return Call(typeof(Functions), nameof(Functions.StartsWith), null, args.Select(Compile).ToArray());
            case "ends_with": return Call(typeof(Functions), nameof(Functions.EndsWith), null, args.Select(Compile).ToArray());
            default:
                var name = char.ToUpperInvariant(call.Name[0]) + call.Name[1..];
                return Call(typeof(Functions), name, null, args.Select(Compile).ToArray());
        }
    }

    private E CompileOutput(BoundOutputReference output)
    {
        if (output.Output is null) return E.Field(_context, nameof(EvaluationContext.Verdict));
        var index = E.Constant(output.Output.Index);
        return output.Output.Kind switch
        {
            OutputKind.Rule => Negate(Call(typeof(Functions), nameof(Functions.Is), null,
                E.ArrayIndex(E.Field(_context, nameof(EvaluationContext.Outcomes)), index), E.Constant(output.Outcome!.Value)), output.Negated),
            OutputKind.Classification => E.ArrayIndex(E.Field(_context, nameof(EvaluationContext.Classifications)), index),
            _ => E.ArrayIndex(E.Field(_context, nameof(EvaluationContext.Scores)), index),
        };
    }

    /// <summary>
    /// Several outputs, in evaluation order, as one body: each result is stored in the context as soon as it is
    /// computed, so the outputs after it read it. No exception handling: a runtime fault escapes to the caller.
    /// </summary>
    public E Outputs(BoundPack pack, IEnumerable<OutputSymbol> outputs)
    {
        var body = new List<E>();
        foreach (var output in outputs)
        {
            var index = E.Constant(output.Index);
            switch (output)
            {
                case RuleSymbol:
                    body.Add(E.Assign(E.ArrayAccess(E.Field(_context, nameof(EvaluationContext.Outcomes)), index), Rule(pack.Rules[output.Index])));
                    break;
                case ClassificationSymbol:
                    body.Add(E.Assign(E.ArrayAccess(E.Field(_context, nameof(EvaluationContext.Classifications)), index), Classification(pack.Classifications[output.Index])));
                    break;
                case ScoreSymbol:
                    body.Add(E.Assign(E.ArrayAccess(E.Field(_context, nameof(EvaluationContext.Scores)), index), Compile(pack.Scores[output.Index].Value)));
                    break;
            }
        }
        body.Add(E.Empty());
        return E.Block(typeof(void), body);
    }

    public Expression<Action<EvaluationContext>> Action(E body) => E.Lambda<Action<EvaluationContext>>(body, _context);

    /// <summary>The whole rule as one expression: applicability, then the requirement, to an outcome.</summary>
    public E Rule(BoundRule rule)
    {
        if (rule.When is null && rule.Unless is null) return E.Call(DecideMethod, E.Constant(Tri.True), Compile(rule.Require!));
        E applies = E.Constant(Tri.True);
        if (rule.When is not null) applies = Compile(rule.When);
        if (rule.Unless is not null) applies = And(applies, Call(typeof(Kleene), nameof(Kleene.Not), null, Compile(rule.Unless)));
        var a = E.Variable(typeof(Tri), "applies");
        return E.Block(typeof(RuleOutcome), [a],
            E.Assign(a, applies),
            E.Condition(E.Equal(a, E.Constant(Tri.False)), E.Constant(RuleOutcome.NotApplicable),
                E.Call(DecideMethod, a, Compile(rule.Require!))));
    }

    /// <summary>A classification: the first arm that holds; unknown (null) as soon as an arm is unknown.</summary>
    public E Classification(BoundClassification classification)
    {
        E result = E.Constant(Evaluation.Verdict.Unclassified, typeof(string));
        foreach (var arm in classification.Arms.Reverse())
        {
            if (arm.Condition is null)
            {
                result = E.Constant(arm.Label, typeof(string));
                continue;
            }
            var c = E.Variable(typeof(Tri), "c");
            result = E.Block(typeof(string), [c], E.Assign(c, Compile(arm.Condition)),
                E.Condition(E.Equal(c, E.Constant(Tri.True)), E.Constant(arm.Label, typeof(string)),
                    E.Condition(E.Equal(c, E.Constant(Tri.False)), result, E.Constant(null, typeof(string)))));
        }
        return result;
    }
}
