using Newtonsoft.Json.Linq;
using PolicyEngine.Compilation;
using PolicyEngine.Schema;
using static PolicyEngine.Tests.Editor.LspWorkspace;

namespace PolicyEngine.Tests.Editor;

/// <summary>
/// <c>policyengine lsp</c> driven over the stdin and stdout of a real process with JSON-RPC messages, the way an
/// editor drives it.
/// </summary>
[Collection(LanguageServerCollection.Name)]
public sealed class LanguageServerTests : IAsyncLifetime
{
    private const string Demo = """
        policy demo "A demo pack" {
          version "1"
          import "shared/lib.policy"

          let big = model.training.compute_flop > 1e25
          let report = documentation.sb53_transparency_report
          fn over(x: number, limit: number) = x > limit

          rule DEMO-1 "Big models are tested adversarially" {
            severity warning
            cite     "Art. 55(1)(a)"
            when     big and shared_flag
            require  safety.adversarial_testing.performed
            because  "Systemic-risk models must be tested."
            message  "compute {model.training.compute_flop} FLOP"
          }

          rule DEMO-2 "Follows DEMO-1" {
            cite    "Art. 1"
            require DEMO-1 is pass and over(model.training.tokens, 1e12) and report.published
          }
        }

        """;

    private const string Library = """
        library lib {
          let shared_flag = weights.public ?? false
        }

        """;

    private readonly LspWorkspace _workspace = new();
    private LspClient _client = null!;
    private string _demoPath = "";
    private string _demoUri = "";

    public async Task InitializeAsync()
    {
        _demoPath = _workspace.Write("demo/demo.policy", Demo);
        _workspace.Write("demo/shared/lib.policy", Library);
        _demoUri = Uri(_demoPath);
        _client = LspClient.StartProcess();
        await _client.InitializeAsync(_workspace.Root);
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        _workspace.Dispose();
    }

    private async Task<JArray> OpenDemoAsync()
    {
        PolicyCompiler.CompilePath(Path.GetDirectoryName(_demoPath)!).Diagnostics.ShouldBeEmpty("the demo pack compiles");
        await _client.NotifyAsync("textDocument/didOpen", Open(_demoUri, Demo));
        return (await _client.DiagnosticsAsync(_demoUri, 1)).Diagnostics;
    }

    private static object At(string uri, object position) => new { textDocument = TextDocument(uri), position };

    [Fact]
    public async Task InitializeAnnouncesTheFeaturesAndShutdownExitsCleanly()
    {
        var result = await _client.RequestAsync("initialize", new { processId = (int?)null, rootUri = (string?)null, capabilities = new { } });
        var capabilities = result!["capabilities"]!;
        ((int)capabilities["textDocumentSync"]!["change"]!).ShouldBe(2);
        ((bool)capabilities["textDocumentSync"]!["openClose"]!).ShouldBeTrue();
        capabilities["completionProvider"]!["triggerCharacters"]!.Values<string>().ShouldContain(".");
        ((bool)capabilities["hoverProvider"]!).ShouldBeTrue();
        ((bool)capabilities["definitionProvider"]!).ShouldBeTrue();
        ((bool)capabilities["documentFormattingProvider"]!).ShouldBeTrue();
        ((string)result["serverInfo"]!["name"]!).ShouldBe("policyengine");

        (await _client.ShutdownAsync()).ShouldBe(0);
        _client.Stderr.ShouldBeEmpty();
    }

    [Fact]
    public async Task PublishesTheLintDiagnosticsOfADocumentOnOpenAndOnChange()
    {
        var text = """
            policy broken {
              let a = model.trainin.compute_flop > 1
              rule B-1 "One" {
                cite    "c"
                require a and undefined_thing
              }
              rule B-2 "Two" {
                require release.date > "x"
              }
            }

            """;
        var path = _workspace.Write("broken/broken.policy", text);
        var uri = Uri(path);
        await _client.NotifyAsync("textDocument/didOpen", Open(uri, text));
        var (diagnostics, _) = await _client.DiagnosticsAsync(uri, 1);
        ShouldMatchLint(diagnostics, path, text);
        diagnostics.Count.ShouldBeGreaterThanOrEqualTo(3);
        diagnostics.Select(d => (string)d["code"]!).ShouldContain("PE0101");

        // An incremental change fixes the path: the diagnostics of the new text come, and only those.
        var start = PositionOf(text, "trainin");
        var end = PositionOf(text, "trainin", plus: "trainin".Length);
        await _client.NotifyAsync("textDocument/didChange", new
        {
            textDocument = new { uri, version = 2 },
            contentChanges = new[] { new { range = new { start, end }, text = "training" } },
        });
        var fixedText = text.Replace("trainin.", "training.", StringComparison.Ordinal);
        var (after, _) = await _client.DiagnosticsAsync(uri, 2);
        ShouldMatchLint(after, path, fixedText);
        after.Count.ShouldBe(diagnostics.Count - 1);

        // Closing the document clears its diagnostics.
        await _client.NotifyAsync("textDocument/didClose", new { textDocument = TextDocument(uri) });
        var cleared = await _client.WaitForAsync("textDocument/publishDiagnostics", p => (string?)p["uri"] == uri && ((JArray)p["diagnostics"]!).Count == 0);
        cleared.Params["version"].ShouldBeNull();
    }

    [Fact]
    public async Task ABurstOfChangesIsCheckedOnceAfterTheLast()
    {
        await OpenDemoAsync();
        var position = PositionOf(Demo, "let big", "let big".Length);
        for (var version = 2; version <= 6; version++)
        {
            await _client.NotifyAsync("textDocument/didChange", new
            {
                textDocument = new { uri = _demoUri, version },
                contentChanges = new[] { new { range = new { start = position, end = position }, text = "x" } },
            });
        }
        // Five keystrokes: 'let bigxxxxx' leaves 'big' undefined where it is used.
        var (diagnostics, _) = await _client.DiagnosticsAsync(_demoUri, 6);
        diagnostics.Select(d => (string)d["message"]!).ShouldContain(m => m.Contains("'big'", StringComparison.Ordinal));
        await Task.Delay(200);
        _client.Unclaimed("textDocument/publishDiagnostics").Count(r => (string?)r.Params["uri"] == _demoUri).ShouldBeLessThan(4, "the debounce coalesces a burst");
    }

    /// <summary>The published diagnostics are what <c>policyengine lint</c> reports for the file: codes, messages and spans.</summary>
    private static void ShouldMatchLint(JArray published, string path, string text)
    {
        File.WriteAllText(path, text);
        var lint = PolicyCompiler.CompilePath(path).Diagnostics;
        var expected = lint.Select(d => $"{d.Location.StartPosition.Line}:{d.Location.StartPosition.Character}-{d.Location.EndPosition.Line}:{d.Location.EndPosition.Character} {d.Id} {(int)d.Severity} {d.Message}").ToList();
        var actual = published.Select(d =>
        {
            var (sl, sc) = LineAndCharacter(d["range"]!["start"]!);
            var (el, ec) = LineAndCharacter(d["range"]!["end"]!);
            var severity = 4 - (int)d["severity"]!; // LSP: 1 error, 2 warning, 3 information
            ((string)d["source"]!).ShouldBe("policyengine");
            return $"{sl}:{sc}-{el}:{ec} {d["code"]} {severity} {d["message"]}";
        }).ToList();
        actual.ShouldBe(expected, ignoreOrder: true);
    }

    [Fact]
    public async Task AFileIsCheckedWithTheOtherFilesOfItsPackAsLintChecksTheFolder()
    {
        // systemic-risk.policy uses lets that gpai.policy, beside it and not open, defines.
        var path = TestPaths.InRepository("rules", "eu-ai-act", "systemic-risk.policy");
        var text = File.ReadAllText(path);
        var uri = Uri(path);
        PolicyCompiler.CompilePath(Path.GetDirectoryName(path)!).Diagnostics.ShouldBeEmpty();
        await _client.NotifyAsync("textDocument/didOpen", Open(uri, text));
        (await _client.DiagnosticsAsync(uri, 1)).Diagnostics.ShouldBeEmpty();

        var definition = await _client.RequestAsync("textDocument/definition", At(uri, PositionOf(text, "and systemic_risk\n", "and ".Length)));
        ((string)definition![0]!["uri"]!).ShouldBe(Uri(TestPaths.InRepository("rules", "eu-ai-act", "gpai.policy")));

        var completion = await _client.RequestAsync("textDocument/completion", At(uri, PositionOf(text, "when     systemic_risk_in_scope", "when     ".Length)));
        completion!["items"]!.Select(i => (string)i["label"]!).ShouldContain("systemic_risk_threshold");
    }

    [Fact]
    public async Task ACleanPackPublishesNoDiagnostics()
    {
        (await OpenDemoAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task CompletionAfterModelDotListsExactlyTheSchemasFieldsUnderModel()
    {
        var text = Demo.Replace("require  safety.adversarial_testing.performed", "require  model.", StringComparison.Ordinal);
        await _client.NotifyAsync("textDocument/didOpen", Open(_demoUri, text));
        var result = await _client.RequestAsync("textDocument/completion", At(_demoUri, PositionOf(text, "require  model.", "require  model.".Length)));
        var labels = result!["items"]!.Select(i => (string)i["label"]!).ToList();
        labels.ShouldBe(DescriptorSchema.Default.Root.Fields["model"].Children.Keys.ToList());
    }

    [Fact]
    public async Task CompletesNestedPathsWithTheirTypesAndDescriptions()
    {
        var text = Demo.Replace("require  safety.adversarial_testing.performed", "require  model.training.com", StringComparison.Ordinal);
        await _client.NotifyAsync("textDocument/didOpen", Open(_demoUri, text));
        var result = await _client.RequestAsync("textDocument/completion", At(_demoUri, PositionOf(text, "model.training.com", "model.training.com".Length)));
        var items = result!["items"]!.ToList();
        var training = DescriptorSchema.Default.Root.Find("model.training")!;
        items.Select(i => (string)i["label"]!).ShouldBe(training.Children.Keys.ToList());

        var flop = items.Single(i => (string)i["label"]! == "compute_flop");
        ((string)flop["detail"]!).ShouldBe("a number");
        ((string)flop["documentation"]!["value"]!).ShouldContain(training.Children["compute_flop"].Description!);
        // The edit replaces the typed prefix.
        var edit = flop["textEdit"]!;
        ((string)edit["newText"]!).ShouldBe("compute_flop");
        LineAndCharacter(edit["range"]!["end"]!).Character.ShouldBe(LineAndCharacter(edit["range"]!["start"]!).Character + 3);
    }

    [Fact]
    public async Task CompletesThroughLetsQuantifierVariablesAndMessageHoles()
    {
        var text = Demo
            .Replace("require  safety.adversarial_testing.performed", "require  report.pub and any c in release.components: c.", StringComparison.Ordinal)
            .Replace("{model.training.compute_flop}", "{safety.red}", StringComparison.Ordinal);
        await _client.NotifyAsync("textDocument/didOpen", Open(_demoUri, text));

        var throughLet = await _client.RequestAsync("textDocument/completion", At(_demoUri, PositionOf(text, "report.pub", "report.".Length)));
        throughLet!["items"]!.Select(i => (string)i["label"]!)
            .ShouldBe(DescriptorSchema.Default.Root.Find("documentation.sb53_transparency_report")!.Children.Keys.ToList());

        var element = await _client.RequestAsync("textDocument/completion", At(_demoUri, PositionOf(text, "c.\n", "c.".Length)));
        element!["items"]!.Select(i => (string)i["label"]!)
            .ShouldBe(DescriptorSchema.Default.Root.Find("release.components")!.ElementShape!.Fields.Keys.ToList());

        var hole = await _client.RequestAsync("textDocument/completion", At(_demoUri, PositionOf(text, "{safety.red}", "{safety.".Length)));
        hole!["items"]!.Select(i => (string)i["label"]!).ShouldBe(DescriptorSchema.Default.Root.Fields["safety"].Children.Keys.ToList());
    }

    [Fact]
    public async Task CompletesKeywordsLetsFunctionsAndRuleIds()
    {
        var text = Demo.Replace("require DEMO-1 is pass", "require DE", StringComparison.Ordinal);
        await _client.NotifyAsync("textDocument/didOpen", Open(_demoUri, text));
        var result = await _client.RequestAsync("textDocument/completion", At(_demoUri, PositionOf(text, "require DE", "require DE".Length)));
        var items = result!["items"]!.ToDictionary(i => (string)i["label"]!, i => i);
        items.Keys.ShouldContain("DEMO-1");
        items.Keys.ShouldContain("DEMO-2");
        items.Keys.ShouldContain("big");
        items.Keys.ShouldContain("report");
        items.Keys.ShouldContain("shared_flag"); // from the imported library
        items.Keys.ShouldContain("over");
        items.Keys.ShouldContain("known");
        items.Keys.ShouldContain("model");
        foreach (var keyword in PolicyEngine.Syntax.Keywords.All.Keys.Where(k => k != "days")) items.Keys.ShouldContain(keyword);
        ((int)items["DEMO-1"]["kind"]!).ShouldBe(18);
        ((string)items["DEMO-1"]["detail"]!).ShouldBe("Big models are tested adversarially");
        ((int)items["over"]["kind"]!).ShouldBe(3);
        ((string)items["over"]["detail"]!).ShouldBe("over(x: number, limit: number)");
        ((int)items["when"]["kind"]!).ShouldBe(14);

        var severity = await _client.RequestAsync("textDocument/completion", At(_demoUri, PositionOf(text, "severity ", "severity ".Length)));
        severity!["items"]!.Select(i => (string)i["label"]!).ShouldBe(["error", "warning", "info"]);
    }

    [Fact]
    public async Task HoverOnARuleShowsItsTitleSeverityCitationAndRationale()
    {
        await OpenDemoAsync();
        var hover = await _client.RequestAsync("textDocument/hover", At(_demoUri, PositionOf(Demo, "DEMO-1 is pass", 2)));
        var value = (string)hover!["contents"]!["value"]!;
        ((string)hover["contents"]!["kind"]!).ShouldBe("markdown");
        value.ShouldContain("DEMO-1");
        value.ShouldContain("Big models are tested adversarially");
        value.ShouldContain("`warning`");
        value.ShouldContain("Art. 55(1)(a)");
        value.ShouldContain("Systemic-risk models must be tested.");
        var range = hover["range"]!;
        LineAndCharacter(range["end"]!).Character.ShouldBe(LineAndCharacter(range["start"]!).Character + "DEMO-1".Length);

        // And on the rule's own declaration.
        var declaration = await _client.RequestAsync("textDocument/hover", At(_demoUri, PositionOf(Demo, "rule DEMO-1", "rule ".Length)));
        ((string)declaration!["contents"]!["value"]!).ShouldContain("Art. 55(1)(a)");
    }

    [Fact]
    public async Task HoverOnAPathShowsItsTypeAndDescription()
    {
        await OpenDemoAsync();
        var hover = await _client.RequestAsync("textDocument/hover", At(_demoUri, PositionOf(Demo, "compute_flop > 1e25", 3)));
        var value = (string)hover!["contents"]!["value"]!;
        var field = DescriptorSchema.Default.Root.Find("model.training.compute_flop")!;
        value.ShouldContain("model.training.compute_flop");
        value.ShouldContain("A number");
        value.ShouldContain(field.Description!);

        var inHole = await _client.RequestAsync("textDocument/hover", At(_demoUri, PositionOf(Demo, "compute_flop} FLOP", 1)));
        ((string)inHole!["contents"]!["value"]!).ShouldContain(field.Description!);

        var nothing = await _client.RequestAsync("textDocument/hover", At(_demoUri, PositionOf(Demo, "\"A demo pack\"", 3)));
        nothing.ShouldBeNull();
    }

    [Fact]
    public async Task GoesToTheDefinitionOfLetsFunctionsAndImportedFiles()
    {
        await OpenDemoAsync();
        var let = (await _client.RequestAsync("textDocument/definition", At(_demoUri, PositionOf(Demo, "big and shared_flag", 1))))!;
        let.Count().ShouldBe(1);
        ((string)let[0]!["uri"]!).ShouldBe(_demoUri);
        LineAndCharacter(let[0]!["range"]!["start"]!).ShouldBe(Position(Demo, "let big", "let ".Length));

        var fn = await _client.RequestAsync("textDocument/definition", At(_demoUri, PositionOf(Demo, "over(model", 1)));
        LineAndCharacter(fn![0]!["range"]!["start"]!).ShouldBe(Position(Demo, "fn over", "fn ".Length));

        var libraryPath = Path.Combine(Path.GetDirectoryName(_demoPath)!, "shared", "lib.policy");
        var imported = await _client.RequestAsync("textDocument/definition", At(_demoUri, PositionOf(Demo, "shared_flag\n", 2)));
        ((string)imported![0]!["uri"]!).ShouldBe(Uri(libraryPath));
        LineAndCharacter(imported[0]!["range"]!["start"]!).ShouldBe(Position(Library, "shared_flag", 0));

        var file = await _client.RequestAsync("textDocument/definition", At(_demoUri, PositionOf(Demo, "\"shared/lib.policy\"", 3)));
        ((string)file![0]!["uri"]!).ShouldBe(Uri(libraryPath));

        var rule = await _client.RequestAsync("textDocument/definition", At(_demoUri, PositionOf(Demo, "DEMO-1 is pass", 0)));
        LineAndCharacter(rule![0]!["range"]!["start"]!).ShouldBe(Position(Demo, "rule DEMO-1", "rule ".Length));
    }

    [Fact]
    public async Task FormattingReturnsEditsThatLeaveAFormattedDocument()
    {
        var text = Demo.Replace("  let big", "      let    big", StringComparison.Ordinal);
        await _client.NotifyAsync("textDocument/didOpen", Open(_demoUri, text));
        var edits = (JArray?)await _client.RequestAsync("textDocument/formatting", new { textDocument = TextDocument(_demoUri), options = new { tabSize = 2, insertSpaces = true } });
        edits.ShouldNotBeNull();
        var formatted = Apply(text, edits);
        // Whatever the formatter (this server may be built without one), the result must mean the same and be stable.
        PolicyEngine.Syntax.SyntaxTree.Parse(new Text.SourceText(formatted, _demoPath)).Diagnostics.ShouldBeEmpty();
        await _client.NotifyAsync("textDocument/didChange", new { textDocument = new { uri = _demoUri, version = 2 }, contentChanges = new[] { new { text = formatted } } });
        var again = (JArray?)await _client.RequestAsync("textDocument/formatting", new { textDocument = TextDocument(_demoUri), options = new { tabSize = 2, insertSpaces = true } });
        again!.ShouldBeEmpty();
    }

    private static (int, int) Position(string text, string marker, int plus)
    {
        var position = new Text.SourceText(text, "x").GetPosition(text.IndexOf(marker, StringComparison.Ordinal) + plus);
        return (position.Line, position.Character);
    }
}
