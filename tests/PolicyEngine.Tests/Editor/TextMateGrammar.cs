using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace PolicyEngine.Tests.Editor;

/// <summary>A scoped piece of a line: its text, where it starts, and its scopes (outermost first).</summary>
public sealed record ScopedToken(string Text, int Line, int Start, IReadOnlyList<string> Scopes)
{
    public string Innermost => Scopes[^1];

    public bool Has(string scopePrefix) => Scopes.Any(s => s.Split(' ').Any(p => p.StartsWith(scopePrefix, StringComparison.Ordinal)));
}

/// <summary>
/// A small TextMate engine for tests: match rules with captures, begin/end rules (with content names and nested
/// patterns), includes of repository entries, and the TextMate choice of the earliest match (the end pattern
/// first, then the patterns in order). The grammar's regexes are run with .NET's Regex, line by line.
/// </summary>
public sealed class TextMateGrammar
{
    private readonly JObject _repository;
    private readonly Dictionary<JObject, Rule> _rules = new(ReferenceEqualityComparer.Instance);

    public TextMateGrammar(string json)
    {
        Document = JObject.Parse(json);
        ScopeName = (string?)Document["scopeName"] ?? "";
        _repository = (JObject?)Document["repository"] ?? new JObject();
        Root = new Rule { Name = ScopeName };
        Root.Patterns.AddRange(Patterns((JArray?)Document["patterns"]));
    }

    public JObject Document { get; }
    public string ScopeName { get; }
    private Rule Root { get; }

    /// <summary>The repository entry's match rules (flattened through nested patterns).</summary>
    public IEnumerable<(Regex Regex, string? Name)> MatchRules(string repositoryKey)
    {
        var entry = (JObject)_repository[repositoryKey]!;
        return Flatten(Build(entry)).Where(r => r.Match is not null).Select(r => (r.Match!, r.Name));
    }

    public List<ScopedToken> Tokenize(string text)
    {
        var tokens = new List<ScopedToken>();
        var stack = new List<Frame> { new(Root, [ScopeName], null) };
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var lineNumber = 0; lineNumber < lines.Length; lineNumber++)
        {
            var line = lines[lineNumber];
            var pos = 0;
            var guard = 0;
            while (pos <= line.Length)
            {
                if (++guard > 10_000) throw new InvalidOperationException($"The grammar loops on line {lineNumber + 1}: {line}");
                var frame = stack[^1];
                var (rule, match, isEnd) = Next(frame, line, pos);
                if (match is null)
                {
                    Emit(tokens, lineNumber, line, pos, line.Length, frame.ContentScopes);
                    break;
                }
                Emit(tokens, lineNumber, line, pos, match.Index, frame.ContentScopes);
                if (isEnd)
                {
                    EmitCaptures(tokens, lineNumber, line, match, frame.OuterScopes, frame.Rule.EndCaptures);
                    stack.RemoveAt(stack.Count - 1);
                    pos = match.Index + match.Length;
                    continue;
                }
                var scopes = With(frame.ContentScopes, rule!.Name);
                if (rule.Match is not null)
                {
                    EmitCaptures(tokens, lineNumber, line, match, scopes, rule.Captures);
                }
                else
                {
                    EmitCaptures(tokens, lineNumber, line, match, scopes, rule.BeginCaptures.Count > 0 ? rule.BeginCaptures : rule.Captures);
                    var end = new Regex(BackReferences(rule.End!, match));
                    stack.Add(new Frame(rule, With(scopes, rule.ContentName), end) { OuterScopes = scopes });
                }
                var next = match.Index + match.Length;
                // A zero-length match that pushes nothing would not move on: step over one character.
                pos = next == pos && rule.Match is not null ? pos + 1 : next;
            }
        }
        return tokens.Where(t => t.Text.Length > 0).ToList();
    }

    private static string BackReferences(string end, Match begin) =>
        Regex.Replace(end, @"\\(\d)", m => Regex.Escape(begin.Groups[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)].Value));

    private static (Rule? Rule, Match? Match, bool IsEnd) Next(Frame frame, string line, int pos)
    {
        Match? best = null;
        Rule? bestRule = null;
        var bestIsEnd = false;
        if (frame.End is not null)
        {
            var end = frame.End.Match(line, pos);
            if (end.Success) (best, bestIsEnd) = (end, true);
        }
        foreach (var rule in Flatten(frame.Rule.Patterns))
        {
            var regex = rule.Match ?? rule.Begin;
            if (regex is null) continue;
            var m = regex.Match(line, pos);
            if (m.Success && (best is null || m.Index < best.Index))
            {
                (best, bestRule, bestIsEnd) = (m, rule, false);
            }
        }
        return (bestRule, best, bestIsEnd);
    }

    private static IEnumerable<Rule> Flatten(IEnumerable<Rule> rules)
    {
        foreach (var rule in rules)
        {
            if (rule.Match is null && rule.Begin is null)
            {
                foreach (var inner in Flatten(rule.Patterns)) yield return inner;
            }
            else
            {
                yield return rule;
            }
        }
    }

    private static IEnumerable<Rule> Flatten(Rule rule) => rule.Match is null && rule.Begin is null ? Flatten(rule.Patterns) : [rule];

    private static void Emit(List<ScopedToken> tokens, int line, string text, int start, int end, IReadOnlyList<string> scopes)
    {
        if (end > start) tokens.Add(new ScopedToken(text[start..end], line, start, scopes));
    }

    private static void EmitCaptures(List<ScopedToken> tokens, int line, string lineText, Match match, IReadOnlyList<string> scopes, Dictionary<int, string> captures)
    {
        var text = match.Value;
        if (captures.TryGetValue(0, out var whole)) scopes = With(scopes, whole);
        var groups = captures.Where(c => c.Key > 0 && match.Groups[c.Key].Success && match.Groups[c.Key].Length > 0)
            .Select(c => (Group: match.Groups[c.Key], Scope: c.Value)).OrderBy(g => g.Group.Index).ToList();
        var pos = match.Index;
        foreach (var (group, scope) in groups)
        {
            if (group.Index < pos) continue;
            Emit(tokens, line, lineText, pos, group.Index, scopes);
            tokens.Add(new ScopedToken(group.Value, line, group.Index, With(scopes, scope)));
            pos = group.Index + group.Length;
        }
        if (match.Index + match.Length > pos) tokens.Add(new ScopedToken(text[(pos - match.Index)..], line, pos, scopes));
    }

    private static IReadOnlyList<string> With(IReadOnlyList<string> scopes, string? name) => name is null ? scopes : [.. scopes, name];

    private IEnumerable<Rule> Patterns(JArray? patterns) => patterns?.OfType<JObject>().Select(Build) ?? [];

    private Rule Build(JObject node)
    {
        if (_rules.TryGetValue(node, out var existing)) return existing;
        if ((string?)node["include"] is { } include)
        {
            if (include == "$self") return Root;
            var target = (JObject?)_repository[include.TrimStart('#')]
                ?? throw new InvalidOperationException($"The grammar includes {include}, which is not in its repository.");
            return Build(target);
        }
        var rule = new Rule
        {
            Name = (string?)node["name"],
            ContentName = (string?)node["contentName"],
            Match = (string?)node["match"] is { } m ? new Regex(m) : null,
            Begin = (string?)node["begin"] is { } b ? new Regex(b) : null,
            End = (string?)node["end"],
            Captures = Captures(node["captures"]),
            BeginCaptures = Captures(node["beginCaptures"]),
            EndCaptures = Captures(node["endCaptures"]),
        };
        _rules[node] = rule;
        rule.Patterns.AddRange(Patterns((JArray?)node["patterns"]));
        return rule;
    }

    private static Dictionary<int, string> Captures(JToken? node) =>
        node is JObject captures
            ? captures.Properties().ToDictionary(p => int.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture), p => (string)p.Value["name"]!)
            : new Dictionary<int, string>();

    private sealed class Rule
    {
        public string? Name { get; init; }
        public string? ContentName { get; init; }
        public Regex? Match { get; init; }
        public Regex? Begin { get; init; }
        public string? End { get; init; }
        public Dictionary<int, string> Captures { get; init; } = new();
        public Dictionary<int, string> BeginCaptures { get; init; } = new();
        public Dictionary<int, string> EndCaptures { get; init; } = new();
        public List<Rule> Patterns { get; } = new();
    }

    private sealed record Frame(Rule Rule, IReadOnlyList<string> ContentScopes, Regex? End)
    {
        public IReadOnlyList<string> OuterScopes { get; init; } = ContentScopes;
    }
}
