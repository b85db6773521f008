using PolicyEngine.Binding;
using PolicyEngine.Descriptors;
using PolicyEngine.Runtime;
using PolicyEngine.Syntax.Ast;

namespace PolicyEngine.Evaluation;

/// <summary>Turns a traced evaluation into a proof: each sub-condition with its value and the facts it read.
/// Bound expressions share the values of lets, so they form a graph, not a tree: every walk here visits a node once,
/// and a proof has at most <see cref="MaxNodes"/> steps, so a let used twice by a let used twice… stays linear.</summary>
internal sealed class ExplanationBuilder
{
    private const int MaxDepth = 6;
    private const int MaxNodes = 2_000;
    private readonly Tracer _tracer;
    private readonly Descriptor _descriptor;
    private readonly ILookup<int, FactRead> _readsByNode;
    private readonly Dictionary<BoundExpr, IReadOnlyList<FactReference>> _facts = new(ReferenceEqualityComparer.Instance);
    private int _nodesLeft;

    // Per syntax node and per bound node, computed once for the life of the pack: printing an expression renders
    // its whole subtree, and the fields under a condition never change.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Expr, string> Texts = new();
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<BoundExpr, BoundExpr[]> FieldsUnder = new();

    /// <summary>Positions in the order of reading of each node's fact reads.</summary>
    private Dictionary<int, List<int>>? _readIndices;

    public ExplanationBuilder(Tracer tracer, Descriptor descriptor)
    {
        _tracer = tracer;
        _descriptor = descriptor;
        _readsByNode = tracer.Reads.ToLookup(r => r.NodeId);
    }

    private static string TextOf(Expr syntax) => Texts.GetValue(syntax, s => Shorten(s.ToString()));

    public bool WasEvaluated(BoundExpr node) => node.TraceId >= 0 && _tracer.TryGetValue(node.TraceId, out _);

    public object? ValueOf(BoundExpr node) => node.TraceId >= 0 && _tracer.TryGetValue(node.TraceId, out var v) ? v : null;

    public bool IsUnknown(BoundExpr node) => WasEvaluated(node) && Values.IsUnknown(ValueOf(node));

    public ExplanationNode Build(string role, BoundExpr node, int depth = 0)
    {
        if (depth == 0) _nodesLeft = MaxNodes;
        _nodesLeft--;
        var value = WasEvaluated(node) ? Values.Format(ValueOf(node), node.Type) : "not evaluated";
        var parts = new List<ExplanationNode>();
        IReadOnlyList<FactReference> facts = [];
        var text = TextOf(node.Syntax);

        if (depth < MaxDepth && _nodesLeft > 0)
        {
            switch (node)
            {
                case BoundBinary { Operator: BinaryOperator.And or BinaryOperator.Or } chain:
                    // a and b and c reads as one list of conditions, not as nested pairs.
                    foreach (var operand in Operands(chain, chain.Operator))
                    {
                        if (WasEvaluated(operand)) parts.Add(Build("", operand, depth + 1));
                    }
                    break;
                case BoundBinary { Operator: BinaryOperator.Implies } b:
                    parts.Add(Build("", b.Left, depth + 1));
                    if (WasEvaluated(b.Right)) parts.Add(Build("", b.Right, depth + 1));
                    break;
                case BoundUnary { Operator: UnaryOperator.Not } u:
                    parts.Add(Build("", u.Operand, depth + 1));
                    break;
                case BoundLetReference let:
                    parts.Add(Build("", let.Value, depth + 1));
                    break;
                case BoundFunctionCall call:
                    parts.Add(Build("", call.Body, depth + 1));
                    break;
                case BoundQuantifier q:
                    facts = Facts(q.Source);
                    foreach (var (index, element) in _tracer.ElementsOf(q.TraceId).Take(Tracer.MaxElements))
                    {
                        parts.Add(new ExplanationNode("", $"{q.Source.Syntax}[{index}]", Values.Format(element, q.Body.Type), [], []));
                    }
                    break;
                default:
                    facts = Facts(node);
                    break;
            }
        }
        else
        {
            facts = Facts(node);
        }
        return new ExplanationNode(role, text, value, parts, facts);
    }

    private static List<BoundExpr> Operands(BoundBinary chain, BinaryOperator op)
    {
        var operands = new List<BoundExpr>();
        var stack = new Stack<BoundExpr>();
        stack.Push(chain);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node is BoundBinary b && b.Operator == op)
            {
                stack.Push(b.Right);
                stack.Push(b.Left);
            }
            else
            {
                operands.Add(node);
            }
        }
        return operands;
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..117] + "…";

    /// <summary>The facts read anywhere under a node (one entry per path, in the order they were read).</summary>
    public IReadOnlyList<FactReference> Facts(BoundExpr node)
    {
        if (_facts.TryGetValue(node, out var known)) return known;
        var ids = new HashSet<int>();
        foreach (var field in FieldsUnder.GetValue(node, FindFields))
        {
            if (field.TraceId >= 0) ids.Add(field.TraceId);
        }
        if (ids.Count == 0) return _facts[node] = [];
        // The reads of those nodes in the order they happened; one per path (its last read), paths in the order
        // they were first read.
        if (_readIndices is null)
        {
            _readIndices = new Dictionary<int, List<int>>();
            for (var i = 0; i < _tracer.Reads.Count; i++)
            {
                var id = _tracer.Reads[i].NodeId;
                if (!_readIndices.TryGetValue(id, out var list)) _readIndices[id] = list = new List<int>(1);
                list.Add(i);
            }
        }
        var order = new List<int>();
        foreach (var id in ids)
        {
            if (_readIndices.TryGetValue(id, out var list)) order.AddRange(list);
        }
        if (order.Count == 0) return _facts[node] = [];
        order.Sort();
        var paths = new List<string>(order.Count);
        var last = new Dictionary<string, FactRead>(order.Count, StringComparer.Ordinal);
        foreach (var index in order)
        {
            var read = _tracer.Reads[index];
            if (!last.ContainsKey(read.Path)) paths.Add(read.Path);
            last[read.Path] = read;
        }
        var facts = new List<FactReference>(paths.Count);
        foreach (var path in paths) facts.Add(Reference(last[path]));
        return _facts[node] = facts;
    }

    private static BoundExpr[] FindFields(BoundExpr node)
    {
        var fields = new List<BoundExpr>();
        var stack = new Stack<BoundExpr>();
        // Lets share their values between the expressions that use them: each node is visited once.
        var seen = new HashSet<BoundExpr>(ReferenceEqualityComparer.Instance);
        stack.Push(node);
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            if (!seen.Add(n)) continue;
            if (n is BoundField) fields.Add(n);
            foreach (var child in n.Children) stack.Push(child);
        }
        return fields.ToArray();
    }

    private FactReference Reference(FactRead read) =>
        new(read.Path, read.Value is null ? "missing" : Values.Format(read.Value is bool b ? b.ToTri() : read.Value, null), read.Line, _descriptor.SourceOf(read.Path), read.IsMissing);

    /// <summary>The missing facts that an unknown result depends on: descend through unknown sub-conditions
    /// to the facts that were read and missing (iteratively, so deep expressions cannot overflow the stack).</summary>
    /// <summary>The missing facts behind an unknown classification or score, for conditions that read one.</summary>
    public Func<OutputSymbol, IReadOnlyList<string>>? OutputMissing { get; set; }

    public void CollectMissing(BoundExpr root, SortedSet<string> into)
    {
        var stack = new Stack<BoundExpr>();
        var seen = new HashSet<BoundExpr>(ReferenceEqualityComparer.Instance);
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (!seen.Add(node) || !IsUnknown(node)) continue;
            if (node is BoundOutputReference { Output: ClassificationSymbol or ScoreSymbol } output && OutputMissing is not null)
            {
                foreach (var path in OutputMissing(output.Output!)) into.Add(path);
                continue;
            }
            if (node is BoundField && _readsByNode[node.TraceId].Any(r => r.IsMissing))
            {
                foreach (var read in _readsByNode[node.TraceId]) if (read.IsMissing) into.Add(read.Path);
                continue;
            }
            if (node is BoundQuantifier q)
            {
                foreach (var read in Descendants(q.Body).Where(n => n is BoundField).SelectMany(n => _readsByNode[n.TraceId]))
                {
                    if (read.IsMissing) into.Add(read.Path);
                }
            }
            foreach (var child in node.Children) stack.Push(child);
        }
    }

    /// <summary>Every node under a node, each once.</summary>
    private static IEnumerable<BoundExpr> Descendants(BoundExpr node)
    {
        var stack = new Stack<BoundExpr>();
        var seen = new HashSet<BoundExpr>(ReferenceEqualityComparer.Instance);
        stack.Push(node);
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            if (!seen.Add(n)) continue;
            yield return n;
            foreach (var child in n.Children) stack.Push(child);
        }
    }
}
