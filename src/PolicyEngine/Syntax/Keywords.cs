using System.Reflection;
using Superpower.Display;

namespace PolicyEngine.Syntax;

/// <summary>The reserved words, read from the <see cref="PolicyToken"/> attributes so there is one list.</summary>
public static class Keywords
{
    public static IReadOnlyDictionary<string, PolicyToken> All { get; } = Build("keyword");

    public static IReadOnlySet<PolicyToken> Kinds { get; } = All.Values.ToHashSet();

    public static IReadOnlyDictionary<string, PolicyToken> Symbols { get; } =
        Build("operator").Concat(Build("punctuation")).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    public static string Spelling(PolicyToken kind) =>
        typeof(PolicyToken).GetField(kind.ToString())?.GetCustomAttribute<TokenAttribute>()?.Example ?? kind.ToString();

    private static Dictionary<string, PolicyToken> Build(string category) =>
        typeof(PolicyToken).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (Field: f, Attr: f.GetCustomAttribute<TokenAttribute>()))
            .Where(x => x.Attr?.Category == category && x.Attr.Example is not null)
            .ToDictionary(x => x.Attr!.Example!, x => (PolicyToken)x.Field.GetValue(null)!, StringComparer.Ordinal);
}
