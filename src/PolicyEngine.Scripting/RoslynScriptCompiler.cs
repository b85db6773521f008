using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace PolicyEngine.Scripting.CSharp;

/// <summary>
/// Roslyn's part: parse the generated C#, check that the script is one block, walk its semantic model against the
/// allow-list (<see cref="ScriptChecker"/>), report compile errors at their positions in the block, then compile the
/// block with the guards written in (<see cref="ScriptRewriter"/>). Only this class and the two it uses touch Roslyn.
/// </summary>
internal static class RoslynScriptCompiler
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.None, SourceCodeKind.Regular);

    private static readonly CSharpCompilationOptions Options = new(
        OutputKind.DynamicallyLinkedLibrary,
        optimizationLevel: OptimizationLevel.Release,
        allowUnsafe: false,
        checkOverflow: false,
        deterministic: true,
        nullableContextOptions: NullableContextOptions.Disable,
        concurrentBuild: false);

    /// <summary>The whole framework is referenced, so a forbidden API resolves and is reported as forbidden (not as unknown).</summary>
    private static readonly Lazy<MetadataReference[]> Framework = new(() =>
    {
        var directory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return Directory.GetFiles(directory, "*.dll")
            .Where(IsManagedAssembly)
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray();
    });

    private static readonly Lazy<MetadataReference> GuardReference = new(() => MetadataReference.CreateFromFile(typeof(Guard).Assembly.Location));

    private static bool IsManagedAssembly(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new System.Reflection.PortableExecutable.PEReader(stream);
            return reader.HasMetadata;
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Compiling is bounded too: some C# (deeply nested lambdas) makes overload resolution very slow.</summary>
    private static readonly TimeSpan CompileTimeout = TimeSpan.FromSeconds(30);

    public static (IReadOnlyList<ScriptIssue> Issues, byte[]? Image) Compile(GeneratedScript generated, string assemblyName)
    {
        using var cancel = new CancellationTokenSource(CompileTimeout);
        try
        {
            return Compile(generated, assemblyName, cancel.Token);
        }
        catch (OperationCanceledException)
        {
            return ([new ScriptIssue(ScriptIssueKind.Internal, 0, 1, [$"compiling it took longer than {CompileTimeout.TotalSeconds:0} s"])], null);
        }
    }

    private static (IReadOnlyList<ScriptIssue> Issues, byte[]? Image) Compile(GeneratedScript generated, string assemblyName, CancellationToken cancellation)
    {
        var tree = CSharpSyntaxTree.ParseText(generated.Text, ParseOptions);
        var root = (CompilationUnitSyntax)tree.GetRoot();
        var issues = new List<ScriptIssue>();

        // Directives could change what the block means (#if hides braces, #line moves positions): none are allowed.
        foreach (var directive in root.DescendantTrivia(descendIntoTrivia: true).Where(t => t.IsDirective && t.SpanStart >= generated.BodyStart))
        {
            issues.Add(Issue(generated, ScriptIssueKind.ForbiddenConstruct, directive.Span, "A preprocessor directive", ""));
        }
        if (issues.Count > 0) return (issues, null);

        // The block must be exactly the method's body: nothing of it may close the method and declare other members.
        var method = Method(root);
        if (method?.Body is not { } body || body.SpanStart != generated.BodyStart || body.Span.End != generated.BodyEnd)
        {
            var end = method?.Body?.Span.End ?? generated.BodyStart;
            issues.Add(Issue(generated, ScriptIssueKind.ForbiddenConstruct, new Microsoft.CodeAnalysis.Text.TextSpan(Math.Max(generated.BodyStart, end - 1), 1),
                "Code outside the function's block", "; the C# block must be a single block (check its braces)"));
            return (issues, null);
        }

        var compilation = CSharpCompilation.Create(assemblyName, [tree], Framework.Value, Options);
        // Binding everything first, under the time bound, makes the checker's questions cheap.
        var diagnostics = compilation.GetDiagnostics(cancellation);
        var model = compilation.GetSemanticModel(tree);
        issues.AddRange(ScriptChecker.Check(model, body, generated));

        foreach (var error in diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).OrderBy(d => d.Location.SourceSpan.Start))
        {
            var span = error.Location.IsInSource ? error.Location.SourceSpan : default;
            var (start, length) = generated.ToScript(span.Start, span.Length);
            // One report per place: a forbidden construct often also fails to compile (unsafe code, dynamic without its binder).
            if (issues.Any(i => Overlaps(i, start, length))) continue;
            issues.Add(new ScriptIssue(ScriptIssueKind.CompileError, start, length, [error.Id, error.GetMessage(CultureInfo.InvariantCulture)]));
        }
        if (issues.Count > 0) return (issues, null);

        // Checked: now compile it with the guards written in.
        var rewritten = new ScriptRewriter(model).Rewrite(root, body);
        var emitTree = CSharpSyntaxTree.ParseText(rewritten.ToFullString(), ParseOptions);
        var emit = CSharpCompilation.Create(assemblyName, [emitTree], [.. Framework.Value, GuardReference.Value], Options);
        using var image = new MemoryStream();
        var result = emit.Emit(image, cancellationToken: cancellation);
        if (!result.Success)
        {
            var first = result.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error);
            return ([new ScriptIssue(ScriptIssueKind.Internal, 0, 1, [$"the guarded script does not compile ({first.Id}: {first.GetMessage(CultureInfo.InvariantCulture)})"])], null);
        }
        return ([], image.ToArray());
    }

    private static MethodDeclarationSyntax? Method(CompilationUnitSyntax root) =>
        root.Members is [ClassDeclarationSyntax { Members: [MethodDeclarationSyntax method] }] ? method : null;

    private static bool Overlaps(ScriptIssue issue, int start, int length) =>
        start < issue.Start + Math.Max(1, issue.Length) && issue.Start < start + Math.Max(1, length);

    internal static ScriptIssue Issue(GeneratedScript generated, ScriptIssueKind kind, Microsoft.CodeAnalysis.Text.TextSpan span, params string[] arguments)
    {
        var (start, length) = generated.ToScript(span.Start, span.Length);
        return new ScriptIssue(kind, start, length, arguments);
    }
}
