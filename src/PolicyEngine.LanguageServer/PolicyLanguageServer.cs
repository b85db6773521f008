using Microsoft.VisualStudio.Threading;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;
using PolicyEngine.LanguageServer.Features;
using PolicyEngine.LanguageServer.Protocol;
using StreamJsonRpc;
using Diagnostic = PolicyEngine.LanguageServer.Protocol.Diagnostic;
using DiagnosticSeverity = PolicyEngine.LanguageServer.Protocol.DiagnosticSeverity;

namespace PolicyEngine.LanguageServer;

/// <summary>
/// The policy language server: JSON-RPC with LSP's header framing over a pair of streams (stdin and stdout for
/// <c>policyengine lsp</c>). Messages are handled one at a time in the order they arrive; checking a pack runs in
/// the background after a short debounce and publishes the same diagnostics <c>policyengine lint</c> reports.
/// </summary>
public static class PolicyLanguageServer
{
    /// <summary>Serves until the client sends <c>exit</c> or closes the input. Returns the exit code LSP asks for:
    /// 0 after a <c>shutdown</c> request, else 1.</summary>
    public static async Task<int> RunAsync(Stream input, Stream output, LanguageServerOptions? options = null, TextWriter? log = null, CancellationToken cancellationToken = default)
    {
        var formatter = new JsonMessageFormatter();
        formatter.JsonSerializer.ContractResolver = new DefaultContractResolver { NamingStrategy = new CamelCaseNamingStrategy() };
        formatter.JsonSerializer.NullValueHandling = NullValueHandling.Ignore;
        using var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(output, input, formatter));
        var server = new Server(rpc, options ?? new LanguageServerOptions(), log ?? TextWriter.Null);
        rpc.AddLocalRpcTarget(server, new JsonRpcTargetOptions { UseSingleObjectParameterDeserialization = true });
        // didChange must be applied before the completion request that follows it.
        rpc.SynchronizationContext = new NonConcurrentSynchronizationContext(sticky: false);
        rpc.StartListening();
        var cancelled = Task.Delay(Timeout.Infinite, cancellationToken);
        await Task.WhenAny(rpc.Completion, server.Exited, cancelled).ConfigureAwait(false);
        server.Stop();
        return server.ShutdownRequested ? 0 : 1;
    }
}

internal sealed class Server
{
    private readonly JsonRpc _rpc;
    private readonly LanguageServerOptions _options;
    private readonly TextWriter _log;
    private readonly Workspace _workspace = new();
    private readonly Dictionary<string, CancellationTokenSource> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SemaphoreSlim> _packLocks = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopped;

    public Server(JsonRpc rpc, LanguageServerOptions options, TextWriter log)
    {
        _rpc = rpc;
        _options = options;
        _log = log;
    }

    public Task Exited => _exited.Task;
    public bool ShutdownRequested { get; private set; }

    // ---- Lifecycle ------------------------------------------------------------------------------

    [JsonRpcMethod("initialize")]
    public InitializeResult Initialize(InitializeParams parameters) => new(
        new ServerCapabilities(
            PositionEncoding: "utf-16",
            TextDocumentSync: new TextDocumentSyncOptions(OpenClose: true, Change: TextDocumentSyncKind.Incremental, Save: true),
            CompletionProvider: new CompletionOptions(["."], ResolveProvider: false),
            HoverProvider: true,
            DefinitionProvider: true,
            DocumentFormattingProvider: true),
        new ServerInfo("policyengine", typeof(PolicyLanguageServer).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"));

    [JsonRpcMethod("initialized")]
    public void Initialized(JToken? parameters = null)
    {
    }

    [JsonRpcMethod("shutdown")]
    public object? Shutdown()
    {
        ShutdownRequested = true;
        return null;
    }

    [JsonRpcMethod("exit")]
    public void Exit() => _exited.TrySetResult();

    public void Stop()
    {
        _stopped = true;
        lock (_pending)
        {
            foreach (var cts in _pending.Values) cts.Cancel();
        }
    }

    // ---- Documents ------------------------------------------------------------------------------

    [JsonRpcMethod("textDocument/didOpen")]
    public void DidOpen(DidOpenTextDocumentParams parameters)
    {
        var item = parameters.TextDocument;
        var document = new OpenDocument(item.Uri, item.Version, item.Text);
        _workspace.Set(document);
        Schedule(document.PackKey);
    }

    [JsonRpcMethod("textDocument/didChange")]
    public void DidChange(DidChangeTextDocumentParams parameters)
    {
        var current = _workspace.Get(parameters.TextDocument.Uri);
        if (current is null) return;
        var document = current.With(parameters.TextDocument.Version, parameters.ContentChanges);
        _workspace.Set(document);
        Schedule(document.PackKey);
    }

    [JsonRpcMethod("textDocument/didSave")]
    public void DidSave(DidSaveTextDocumentParams parameters)
    {
        // Another pack may import the saved file (imports are read from disk): check every open pack again.
        foreach (var pack in _workspace.OpenPacks()) Schedule(pack);
    }

    [JsonRpcMethod("textDocument/didClose")]
    public void DidClose(DidCloseTextDocumentParams parameters)
    {
        var document = _workspace.Remove(parameters.TextDocument.Uri);
        if (document is null) return;
        _ = PublishAsync(new PublishDiagnosticsParams(document.Uri, null, []));
        if (_workspace.DocumentsOf(document.PackKey).Count > 0) Schedule(document.PackKey);
    }

    // ---- Features -------------------------------------------------------------------------------

    [JsonRpcMethod("textDocument/completion")]
    public CompletionList Completion(CompletionParams parameters)
    {
        var document = Document(parameters.TextDocument);
        return Features.Completion.Complete(document, _workspace.AnalysisFor(document), document.OffsetOf(parameters.Position));
    }

    [JsonRpcMethod("textDocument/hover")]
    public Hover? Hover(TextDocumentPositionParams parameters)
    {
        var document = Document(parameters.TextDocument);
        return Navigation.Hover(document, _workspace.AnalysisFor(document), document.OffsetOf(parameters.Position));
    }

    [JsonRpcMethod("textDocument/definition")]
    public IReadOnlyList<Protocol.Location> Definition(TextDocumentPositionParams parameters)
    {
        var document = Document(parameters.TextDocument);
        return Navigation.Definition(document, _workspace.AnalysisFor(document), document.OffsetOf(parameters.Position));
    }

    [JsonRpcMethod("textDocument/formatting")]
    public IReadOnlyList<TextEdit> Formatting(DocumentFormattingParams parameters) =>
        Features.Formatting.Format(Document(parameters.TextDocument), _options.Formatter);

    private OpenDocument Document(TextDocumentIdentifier identifier) =>
        _workspace.Get(identifier.Uri) ?? throw new LocalRpcException($"The document {identifier.Uri} is not open.") { ErrorCode = -32602 };

    // ---- Diagnostics ----------------------------------------------------------------------------

    /// <summary>Checks the pack after the debounce, unless another change comes first (then that one checks it).</summary>
    private void Schedule(string packKey)
    {
        var cts = new CancellationTokenSource();
        lock (_pending)
        {
            if (_pending.Remove(packKey, out var previous)) previous.Cancel();
            _pending[packKey] = cts;
        }
        _ = Task.Run(() => AnalyzeAndPublishAsync(packKey, cts.Token));
    }

    private async Task AnalyzeAndPublishAsync(string packKey, CancellationToken cancellationToken)
    {
        SemaphoreSlim gate;
        lock (_packLocks) gate = _packLocks.TryGetValue(packKey, out var g) ? g : _packLocks[packKey] = new SemaphoreSlim(1);
        try
        {
            await Task.Delay(_options.Debounce, cancellationToken).ConfigureAwait(false);
            PackAnalysis analysis;
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                analysis = _workspace.Analyze(packKey);
            }
            finally
            {
                gate.Release();
            }
            foreach (var document in analysis.Documents)
            {
                // A document changed since is checked again by the change's own analysis.
                if (_workspace.Get(document.Uri)?.Version != document.Version) continue;
                await PublishAsync(new PublishDiagnosticsParams(document.Uri, document.Version, DiagnosticsOf(analysis, document))).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (!_stopped)
        {
            _log.WriteLine($"policyengine lsp: checking {packKey} failed: {e}");
        }
    }

    private async Task PublishAsync(PublishDiagnosticsParams parameters)
    {
        if (_stopped) return;
        try
        {
            await _rpc.NotifyWithParameterObjectAsync("textDocument/publishDiagnostics", parameters).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ObjectDisposedException or ConnectionLostException or IOException)
        {
            // The client went away.
        }
    }

    internal static IReadOnlyList<Diagnostic> DiagnosticsOf(PackAnalysis analysis, OpenDocument document) =>
        analysis.Compilation.Diagnostics
            .Where(d => d.Location.Source is { } source && (ReferenceEquals(source, document.Source) || source.Path.Length > 0 && Path.GetFullPath(source.Path) == document.Path))
            .Select(d => new Diagnostic(
                new Protocol.Range(
                    new Position(d.Location.StartPosition.Line, d.Location.StartPosition.Character),
                    new Position(d.Location.EndPosition.Line, d.Location.EndPosition.Character)),
                d.Severity switch
                {
                    Diagnostics.DiagnosticSeverity.Error => DiagnosticSeverity.Error,
                    Diagnostics.DiagnosticSeverity.Warning => DiagnosticSeverity.Warning,
                    Diagnostics.DiagnosticSeverity.Info => DiagnosticSeverity.Information,
                    _ => DiagnosticSeverity.Hint,
                },
                d.Id,
                "policyengine",
                d.Message))
            .ToList();
}
