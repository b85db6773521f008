using System.IO.Pipes;
using Newtonsoft.Json.Linq;
using PolicyEngine.LanguageServer;
using static PolicyEngine.Tests.Editor.LspWorkspace;

namespace PolicyEngine.Tests.Editor;

/// <summary>
/// Formatting goes through the formatter the host gives the server (the CLI gives it the code <c>fmt</c> uses).
/// Here the server runs in this process with a stand-in formatter, over a pair of OS pipes.
/// </summary>
[Collection(LanguageServerCollection.Name)]
public sealed class LanguageServerFormattingTests
{
    private const string Text = "policy p {\n\tlet a = 1\n  let b = 2\n\tlet c = 3\n}\n";

    private static async Task WithServerAsync(Func<PolicyEngine.Syntax.SyntaxTree, string> formatter, Func<LspClient, Task> session)
    {
        using var clientToServer = new AnonymousPipeServerStream(PipeDirection.Out);
        using var serverInput = new AnonymousPipeClientStream(PipeDirection.In, clientToServer.ClientSafePipeHandle);
        using var serverToClient = new AnonymousPipeServerStream(PipeDirection.In);
        using var serverOutput = new AnonymousPipeClientStream(PipeDirection.Out, serverToClient.ClientSafePipeHandle);
        var server = PolicyLanguageServer.RunAsync(serverInput, serverOutput, new LanguageServerOptions { Formatter = formatter });
        await using (var client = LspClient.Connect(clientToServer, serverToClient))
        {
            await client.InitializeAsync();
            await session(client);
            await client.ShutdownAsync();
            (await server.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBe(0);
        }
    }

    private static object Format(string uri) => new { textDocument = TextDocument(uri), options = new { tabSize = 2, insertSpaces = true } };

    [Fact]
    public async Task TheEditsTurnTheDocumentIntoTheFormattersOutput()
    {
        static string Formatter(PolicyEngine.Syntax.SyntaxTree tree) => tree.Source.Text.Replace("\t", "  ", StringComparison.Ordinal);
        await WithServerAsync(Formatter, async client =>
        {
            const string uri = "untitled:Untitled-1";
            await client.NotifyAsync("textDocument/didOpen", Open(uri, Text));
            var edits = (JArray)(await client.RequestAsync("textDocument/formatting", Format(uri)))!;
            edits.Count.ShouldBe(1);
            // Only the lines that change are replaced.
            LineAndCharacter(edits[0]["range"]!["start"]!).ShouldBe((1, 0));
            LineAndCharacter(edits[0]["range"]!["end"]!).ShouldBe((4, 0));
            Apply(Text, edits).ShouldBe(Text.Replace("\t", "  ", StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task ADocumentWithSyntaxErrorsOrAFormatterThatDeclinesIsLeftAlone()
    {
        var calls = 0;
        string Declines(PolicyEngine.Syntax.SyntaxTree tree)
        {
            calls++;
            throw new InvalidOperationException("the result would not mean the same");
        }
        await WithServerAsync(Declines, async client =>
        {
            const string broken = "untitled:Broken";
            await client.NotifyAsync("textDocument/didOpen", Open(broken, "policy p {\n  let a = \n"));
            ((JArray)(await client.RequestAsync("textDocument/formatting", Format(broken)))!).ShouldBeEmpty();
            calls.ShouldBe(0);

            const string clean = "untitled:Clean";
            await client.NotifyAsync("textDocument/didOpen", Open(clean, Text));
            ((JArray)(await client.RequestAsync("textDocument/formatting", Format(clean)))!).ShouldBeEmpty();
            calls.ShouldBe(1);
        });
    }
}
