using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using PolicyEngine.Binding;
using PolicyEngine.Syntax;

namespace PolicyEngine.Tests.Editor;

/// <summary>The TextMate grammar (grammar/policy.tmLanguage.json) against the tokenizer it highlights for.</summary>
public class TextMateGrammarTests
{
    private static readonly string GrammarPath = TestPaths.InRepository("grammar", "policy.tmLanguage.json");
    private static readonly TextMateGrammar Grammar = new(File.ReadAllText(GrammarPath));

    /// <summary>The scope each keyword gets. A keyword added to the tokenizer must be added here and to the grammar.</summary>
    private static readonly Dictionary<string, string> KeywordScopes = new()
    {
        ["policy"] = "keyword.declaration.policy", ["library"] = "keyword.declaration.policy", ["import"] = "keyword.declaration.policy",
        ["let"] = "keyword.declaration.policy", ["fn"] = "keyword.declaration.policy", ["table"] = "keyword.declaration.policy",
        ["rule"] = "keyword.declaration.policy", ["classify"] = "keyword.declaration.policy", ["score"] = "keyword.declaration.policy",
        ["test"] = "keyword.declaration.policy", ["csharp"] = "keyword.declaration.policy",
        ["from"] = "keyword.other.policy", ["key"] = "keyword.other.policy", ["otherwise"] = "keyword.other.policy",
        ["severity"] = "keyword.other.clause.policy", ["category"] = "keyword.other.clause.policy", ["tags"] = "keyword.other.clause.policy",
        ["cite"] = "keyword.other.clause.policy", ["when"] = "keyword.other.clause.policy", ["unless"] = "keyword.other.clause.policy",
        ["require"] = "keyword.other.clause.policy", ["because"] = "keyword.other.clause.policy", ["remedy"] = "keyword.other.clause.policy",
        ["message"] = "keyword.other.clause.policy", ["given"] = "keyword.other.clause.policy", ["set"] = "keyword.other.clause.policy",
        ["unset"] = "keyword.other.clause.policy", ["expect"] = "keyword.other.clause.policy",
        ["and"] = "keyword.operator.word.policy", ["or"] = "keyword.operator.word.policy", ["not"] = "keyword.operator.word.policy",
        ["implies"] = "keyword.operator.word.policy", ["in"] = "keyword.operator.word.policy", ["matches"] = "keyword.operator.word.policy",
        ["is"] = "keyword.operator.word.policy",
        ["true"] = "constant.language.boolean.policy", ["false"] = "constant.language.boolean.policy",
        ["any"] = "keyword.control.quantifier.policy", ["all"] = "keyword.control.quantifier.policy", ["none"] = "keyword.control.quantifier.policy",
        ["days"] = "keyword.other.unit.policy", ["weeks"] = "keyword.other.unit.policy", ["months"] = "keyword.other.unit.policy",
        ["years"] = "keyword.other.unit.policy",
    };

    [Fact]
    public void IsValidJsonWithTheScopeNameSourcePolicy()
    {
        var document = JObject.Parse(File.ReadAllText(GrammarPath));
        ((string?)document["scopeName"]).ShouldBe("source.policy");
        document["fileTypes"]!.Values<string>().ShouldContain("policy");
        Grammar.ScopeName.ShouldBe("source.policy");
    }

    [Fact]
    public void TheVsCodeExtensionShipsTheSameGrammar()
    {
        var copy = TestPaths.InRepository("editors", "vscode", "syntaxes", "policy.tmLanguage.json");
        File.ReadAllText(copy).ReplaceLineEndings("\n").ShouldBe(File.ReadAllText(GrammarPath).ReplaceLineEndings("\n"),
            "editors/vscode/syntaxes/policy.tmLanguage.json is a copy of grammar/policy.tmLanguage.json; copy it again");
    }

    [Fact]
    public void EveryKeywordOfTheTokenizerIsMatchedByAKeywordPattern()
    {
        KeywordScopes.Keys.Order(StringComparer.Ordinal).ShouldBe(Keywords.All.Keys.Order(StringComparer.Ordinal),
            "the test's table of keyword scopes must list exactly the tokenizer's keywords");
        var patterns = Grammar.MatchRules("keywords").ToList();
        foreach (var keyword in Keywords.All.Keys)
        {
            var matching = patterns.Where(p => p.Regex.Match(keyword) is { Success: true, Index: 0 } m && m.Length == keyword.Length).ToList();
            matching.Count.ShouldBe(1, $"exactly one keyword pattern should match '{keyword}'");
            matching[0].Name.ShouldBe(KeywordScopes[keyword], $"the scope of '{keyword}'");
        }
    }

    [Fact]
    public void EveryKeywordIsScopedAsAKeywordInContext()
    {
        foreach (var keyword in Keywords.All.Keys)
        {
            // Alone on a line, and inside an expression.
            ScopeOf(keyword, keyword).ShouldBe(KeywordScopes[keyword], $"'{keyword}' alone");
            ScopeOf($"  require x == 1 {keyword} y", keyword).ShouldBe(KeywordScopes[keyword], $"'{keyword}' in an expression");
        }
    }

    [Fact]
    public void NamesThatAreNotKeywordsGetNoKeywordScope()
    {
        foreach (var name in new[] { "count", "sum", "verdict", "model", "pass", "error", "keys", "settle", "nonetheless", "in_scope" })
        {
            var scopes = TokenAt($"  let x = {name}", name).Scopes;
            scopes.ShouldNotContain(s => s.StartsWith("keyword.", StringComparison.Ordinal), $"'{name}' is not a keyword");
        }
    }

    [Fact]
    public void AfterADotKeywordsAreProperties()
    {
        ScopeOf("  when release.date < 2025-08-02", "date").ShouldBe("variable.other.property.policy");
        ScopeOf("  require x.set and y", "set").ShouldBe("variable.other.property.policy");
        ScopeOf("  require x.set and y", "and").ShouldBe("keyword.operator.word.policy");
    }

    [Fact]
    public void CommentsStringsNumbersDatesAndRuleIdsGetScopes()
    {
        ScopeOf("  // a comment with rule and 12", "a comment").ShouldBe("comment.line.double-slash.policy");
        ScopeOf("  let a = 1 /* block */", "block").ShouldBe("comment.block.policy");
        var block = Grammar.Tokenize("/* one\ntwo rule\nthree */ let");
        block.Single(t => t.Text.Contains("two", StringComparison.Ordinal)).Innermost.ShouldBe("comment.block.policy");
        block.Single(t => t.Text == "let").Innermost.ShouldBe("keyword.declaration.policy");

        ScopeOf("  cite \"Art. 55(1)(a)\"", "Art. 55(1)(a)").ShouldBe("string.quoted.double.policy");
        var escaped = Grammar.Tokenize("  because \"a \\\"quoted\\\" word\"");
        escaped.First(t => t.Text == "\\\"").Innermost.ShouldBe("constant.character.escape.policy");
        escaped.Single(t => t.Text == "quoted").Innermost.ShouldBe("string.quoted.double.policy");

        foreach (var number in new[] { "1e25", "1_000_000", "0.5", "42", "3.8E+25" })
            ScopeOf($"  let n = {number}", number).ShouldBe("constant.numeric.policy", number);
        ScopeOf("  when release.date >= 2025-08-02", "2025-08-02").ShouldBe("constant.numeric.date.policy");

        ScopeOf("  require EU-55-1a is pass", "EU-55-1a").ShouldBe("constant.other.rule-id.policy");
        ScopeOf("  require EU-55-1a is not pass", "pass").ShouldBe("constant.language.outcome.policy");
        ScopeOf("  rule EU-55-1a \"Adversarial testing\" {", "EU-55-1a").ShouldBe("entity.name.function.rule.policy");
        ScopeOf("  rule EU-55-1a \"Adversarial testing\" {", "rule").ShouldBe("keyword.declaration.policy");
        ScopeOf("  severity warning", "warning").ShouldBe("constant.language.severity.policy");
        ScopeOf("policy eu-ai-act \"EU AI Act\" {", "eu-ai-act").ShouldBe("entity.name.namespace.policy");
    }

    [Fact]
    public void MessageHolesAreExpressions()
    {
        var tokens = Grammar.Tokenize("  message  \"compute {model.training.compute_flop} FLOP, {{literal}} and {count(c in xs: c.ok)}\"");
        tokens.Single(t => t.Text == "message").Innermost.ShouldBe("keyword.other.clause.policy");
        tokens.Single(t => t.Text.StartsWith("compute ", StringComparison.Ordinal)).Innermost.ShouldBe("string.quoted.double.policy");
        var model = tokens.Single(t => t.Text == "model");
        model.Has("meta.embedded.line.policy").ShouldBeTrue();
        tokens.Single(t => t.Text == "training").Innermost.ShouldBe("variable.other.property.policy");
        tokens.Single(t => t.Text == "{{").Innermost.ShouldBe("constant.character.escape.brace.policy");
        tokens.Single(t => t.Text == "count").Innermost.ShouldBe("support.function.builtin.policy");
        tokens.Single(t => t.Text == "in").Innermost.ShouldBe("keyword.operator.word.policy");
        tokens.Last().Has("punctuation.definition.string.end.policy").ShouldBeTrue();
    }

    [Fact]
    public void BuiltinFunctionsAreScopedWhenCalled()
    {
        foreach (var builtin in Builtins.All)
        {
            ScopeOf($"  let x = {builtin.Name}(y)", builtin.Name).ShouldBe("support.function.builtin.policy", builtin.Name);
        }
        ScopeOf("  let x = my_function(y)", "my_function").ShouldBe("entity.name.function.call.policy");
        ScopeOf("  let x = 30 days", "days").ShouldBe("keyword.other.unit.policy");
    }

    /// <summary>Every token of the shipped packs gets the scope its kind calls for, from the real tokenizer.</summary>
    [Fact]
    public void TheShippedPacksAreScopedAsTheTokenizerReadsThem()
    {
        var files = Directory.GetFiles(TestPaths.InRepository("rules"), "*.policy", SearchOption.AllDirectories);
        files.ShouldNotBeEmpty();
        var checkedTokens = 0;
        foreach (var file in files)
        {
            var text = File.ReadAllText(file).ReplaceLineEndings("\n");
            var source = new Text.SourceText(text, file);
            var scoped = Grammar.Tokenize(text);
            var tokens = PolicyTokenizer.Instance.TokenizeAll(text);
            for (var i = 0; i < tokens.Length; i++)
            {
                var token = tokens[i];
                var start = source.GetPosition(token.Span.Position.Absolute);
                var at = scoped.LastOrDefault(s => s.Line == start.Line && s.Start <= start.Character);
                at.ShouldNotBeNull();
                var afterDot = i > 0 && tokens[i - 1].Kind == PolicyToken.Dot;
                var where = $"{Path.GetFileName(file)}({start}) '{token.ToStringValue()}'";
                var expected = token.Kind switch
                {
                    PolicyToken.Comment => "comment.",
                    PolicyToken.String => "string.quoted.double.policy",
                    PolicyToken.Number => "constant.numeric.policy",
                    PolicyToken.Date => "constant.numeric.date.policy",
                    PolicyToken.HyphenatedName => i > 0 && tokens[i - 1].Kind is PolicyToken.Rule or PolicyToken.Policy or PolicyToken.Library
                        ? "entity.name." : "constant.other.rule-id.policy",
                    _ when Keywords.Kinds.Contains(token.Kind) && afterDot => "variable.other.property.policy",
                    PolicyToken.Days when i + 1 < tokens.Length && tokens[i + 1].Kind == PolicyToken.LParen => "support.function.builtin.policy",
                    _ when Keywords.Kinds.Contains(token.Kind) => KeywordScopes[token.ToStringValue()],
                    _ => null,
                };
                if (expected is null) continue;
                at.Has(expected).ShouldBeTrue($"{where} has scopes {string.Join(", ", at.Scopes)}, expected {expected}");
                checkedTokens++;
            }
        }
        checkedTokens.ShouldBeGreaterThan(1000);
    }

    private static string ScopeOf(string line, string text) => TokenAt(line, text).Innermost.Split(' ')[0];

    /// <summary>The scoped token at the last occurrence of <paramref name="text"/> in the line.</summary>
    private static ScopedToken TokenAt(string line, string text)
    {
        var tokens = Grammar.Tokenize(line);
        var start = line.LastIndexOf(text, StringComparison.Ordinal);
        start.ShouldBeGreaterThanOrEqualTo(0);
        var token = tokens.LastOrDefault(t => t.Start <= start && start < t.Start + t.Text.Length);
        token.ShouldNotBeNull($"no token at '{text}' in: {line}");
        return token;
    }
}
