using System.Linq.Expressions;
using PolicyEngine.Binding;
using PolicyEngine.Compilation;
using PolicyEngine.Descriptors;
using PolicyEngine.Diagnostics;
using PolicyEngine.Runtime;
using PolicyEngine.Text;

namespace PolicyEngine.Tests;

/// <summary>Compiles small policies and expressions for the case tests.</summary>
public static class Harness
{
    public const string RulePrefix = "policy t \"T\" {\n  rule R \"r\" {\n    cite \"c\"\n    require ";
    public const string RuleSuffix = "\n  }\n}\n";

    private static readonly Lazy<Descriptor> Model = new(() =>
    {
        var result = DescriptorLoader.LoadFile(CaseFile.Path("model.json"));
        result.Succeeded.ShouldBeTrue(string.Join("\n", result.Diagnostics));
        return result.Descriptor!;
    });

    public static Descriptor TestModel => Model.Value;

    public static PackCompilation Compile(string text, string path = "case.policy") =>
        PolicyCompiler.Compile("case", [new SourceText(text, path)]);

    /// <summary>Diagnostics of a whole file, as "ID@start..end" in position order.</summary>
    public static IReadOnlyList<Diagnostic> Diagnostics(string text) => Compile(text).Diagnostics;

    /// <summary>Evaluates an expression against Cases/model.json; returns the formatted value, or "error: …".</summary>
    public static string Evaluate(string expression, string definitions = "")
    {
        var compilation = Compile($"policy t \"T\" {{\n{definitions}\nlet value__ = {expression}\n}}\n");
        var errors = compilation.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0) return "compile error: " + string.Join(", ", errors.Select(e => e.Id + " " + e.Message));
        var let = compilation.Bound!.Lets.Single(l => l.Name == "value__");
        var compiler = new ExpressionCompiler(false, new List<BoundExpr>());
        var body = compiler.Compile(let.Bound!);
        var function = compiler.Lambda<object?>(Expression.Convert(body, typeof(object)));
        var context = new EvaluationContext(TestModel.Root, 0, 0, 0);
        try
        {
            return Values.Format(function(context), let.Bound!.Type);
        }
        catch (PolicyRuntimeException e)
        {
            return "error: " + e.Message;
        }
    }
}
